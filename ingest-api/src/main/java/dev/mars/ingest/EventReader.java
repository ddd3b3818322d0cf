package dev.mars.ingest;

import dev.mars.event.EventAttributes;
import dev.mars.event.EventIds;
import dev.mars.event.EventLimits;
import dev.mars.event.EventTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads an event from a request's JSON, naming every field that is wrong and the limit it broke.
 */
@Component
public class EventReader {

  static final int MAX_ID_LENGTH = EventLimits.MAX_ID_LENGTH;
  static final int MAX_EVENT_LENGTH = EventLimits.MAX_EVENT_LENGTH;
  static final int MAX_EVENT_ID_LENGTH = EventLimits.MAX_EVENT_ID_LENGTH;
  static final int MAX_TIME_LENGTH = 64;
  static final int MAX_ATTRIBUTES = EventAttributes.MAX_ATTRIBUTES;

  private final Clock clock;
  private final Duration createdAtRange;

  public EventReader(Clock clock, IngestProperties properties) {
    this.clock = clock;
    this.createdAtRange = properties.createdAtRange();
  }

  /** The event, or null with {@code problems} filled. */
  public Event read(JsonNode node, List<Problem> problems) {
    if (node == null || !node.isObject()) {
      problems.add(Problem.of("event", "must be a JSON object"));
      return null;
    }
    int before = problems.size();
    String appId = text(node, "app_id", MAX_ID_LENGTH, true, problems);
    String messageId = text(node, "message_id", MAX_ID_LENGTH, true, problems);
    String event = text(node, "event", MAX_EVENT_LENGTH, true, problems);
    String createdAtText = text(node, "created_at", MAX_TIME_LENGTH, false, problems);
    String eventId = text(node, "event_id", MAX_EVENT_ID_LENGTH, false, problems);
    String externalId = text(node, "external_id", MAX_ID_LENGTH, false, problems);
    Map<String, String> attributes = attributes(node.get("attributes"), problems);

    Instant createdAt = null;
    if (createdAtText != null) {
      createdAt = EventTime.parse(createdAtText).orElse(null);
      if (createdAt == null) {
        problems.add(
            Problem.of("created_at", "must be an ISO-8601 time, e.g. 2026-11-23T10:00:00.000Z"));
      } else {
        String outOfRange = EventLimits.timeProblem(createdAt, clock.instant(), createdAtRange);
        if (outOfRange != null) {
          problems.add(Problem.of("created_at", outOfRange));
        }
      }
    }
    if (problems.size() > before) {
      return null;
    }
    String createdAtSource = null;
    if (createdAt == null) {
      createdAt = clock.instant();
      createdAtSource = "server";
    }
    if (eventId == null) {
      eventId = EventIds.derive(appId, messageId, event, createdAt);
    }
    return new Event(
        eventId, appId, messageId, event, createdAt, createdAtSource, externalId, attributes);
  }

  /** Whether {@code text} is a created_at this reader takes: ISO-8601, within range of now. */
  public boolean takesCreatedAt(String text) {
    if (text.length() > MAX_TIME_LENGTH) {
      return false;
    }
    return EventTime.parse(text)
        .filter(time -> EventLimits.timeProblem(time, clock.instant(), createdAtRange) == null)
        .isPresent();
  }

  private static String text(
      JsonNode node, String field, int maxLength, boolean required, List<Problem> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(Problem.of(field, "is required"));
      }
      return null;
    }
    if (!value.isString()) {
      problems.add(Problem.of(field, "must be a string"));
      return null;
    }
    String text = value.asString();
    if (text.isBlank()) {
      problems.add(Problem.of(field, required ? "is required" : "must not be empty"));
      return null;
    }
    String problem = EventLimits.textProblem(text, maxLength);
    if (problem != null) {
      problems.add(Problem.of(field, problem));
      return null;
    }
    return text;
  }

  private static Map<String, String> attributes(JsonNode node, List<Problem> problems) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problems.add(Problem.of("attributes", "must be an object of strings"));
      return null;
    }
    if (node.size() > MAX_ATTRIBUTES) {
      problems.add(
          Problem.of(
              "attributes",
              "has more than " + MAX_ATTRIBUTES + " keys; at most " + MAX_ATTRIBUTES));
      return null;
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      String keyProblem = EventAttributes.keyProblem(key);
      // A bad key is not repeated as it came: it may be long or hold control characters.
      String field = keyProblem == null ? "attributes." + key : "attributes";
      String valueProblem =
          entry.getValue().isString()
              ? EventAttributes.valueProblem(entry.getValue().asString())
              : null;
      if (keyProblem != null) {
        problems.add(Problem.of(field, keyProblem));
      } else if (!entry.getValue().isString()) {
        problems.add(Problem.of(field, "must be a string"));
      } else if (valueProblem != null) {
        problems.add(Problem.of(field, valueProblem));
      } else {
        attributes.put(entry.getKey(), entry.getValue().asString());
      }
    }
    return attributes;
  }
}
