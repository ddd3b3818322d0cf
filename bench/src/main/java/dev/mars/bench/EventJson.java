package dev.mars.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Workload events as the HTTP API's JSON (about 200 bytes an event). */
final class EventJson {

  private EventJson() {}

  static String single(WorkloadEvent event) {
    return append(new StringBuilder(256), event).toString();
  }

  static String bulk(List<WorkloadEvent> events) {
    StringBuilder json = new StringBuilder(256 * events.size()).append("{\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      append(json, events.get(i));
    }
    return json.append("]}").toString();
  }

  private static StringBuilder append(StringBuilder json, WorkloadEvent event) {
    json.append("{\"event_id\":\"")
        .append(event.eventId())
        .append("\",\"app_id\":\"")
        .append(event.appId())
        .append("\",\"message_id\":\"")
        .append(event.messageId())
        .append("\",\"event\":\"")
        .append(event.event())
        .append("\",\"created_at\":\"")
        .append(Instant.ofEpochMilli(event.createdAtMillis()))
        .append("\",\"attributes\":{");
    boolean first = true;
    for (Map.Entry<String, String> attribute : event.attributes().entrySet()) {
      json.append(first ? "\"" : ",\"")
          .append(attribute.getKey())
          .append("\":\"")
          .append(attribute.getValue())
          .append('"');
      first = false;
    }
    return json.append("}}");
  }
}
