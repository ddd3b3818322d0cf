package dev.mars.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.event.EventParser;
import dev.mars.event.MessageEvent;
import dev.mars.lifecycle.MessageDocument;
import dev.mars.lifecycle.StageTimes;

/** The JSON source of a message document, as the dashboard reads it. */
public final class DocumentJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DocumentJson() {}

  public static ObjectNode toJson(MessageDocument document) {
    ObjectNode root = JSON.createObjectNode();
    root.put("app_id", document.getAppId());
    root.put("message_id", document.getMessageId());
    ArrayNode events = root.putArray("events");
    for (MessageEvent event : document.getEvents()) {
      events
          .addObject()
          .put("event_id", event.getEventId())
          .put("event", event.getEvent())
          .put("created_at", EventParser.formatTime(event.getCreatedAt()));
    }
    StageTimes times = new StageTimes(document.getEvents());
    ObjectNode stages = root.putObject("stages");
    times.firstSeen().forEach((stage, at) -> stages.put(stage, EventParser.formatTime(at)));
    ObjectNode durations = root.putObject("stage_durations_ms");
    times.sincePrevious().forEach(durations::put);
    root.put("first_seen", EventParser.formatTime(document.getFirstSeen()));
    root.put("last_seen", EventParser.formatTime(document.getLastSeen()));
    root.put("event_count", document.eventCount());
    root.put("updated_at", EventParser.formatTime(document.getUpdatedAt()));
    return root;
  }

  public static byte[] toBytes(MessageDocument document) {
    try {
      return JSON.writeValueAsBytes(toJson(document));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a message document is always serializable", e);
    }
  }
}
