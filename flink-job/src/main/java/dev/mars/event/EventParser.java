package dev.mars.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads the JSON value of a {@code mars.events} record into a {@link MessageEvent}, by the same
 * {@link EventLimits} ingest applies: whatever wrote the record, what this returns fits the job's
 * state and the index.
 */
public final class EventParser implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Duration createdAtRange;
  private final Clock clock;

  /** Thrown for a record that is not a valid event; the message names the field. */
  public static final class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
      super(message);
    }
  }

  public EventParser() {
    this(EventLimits.DEFAULT_CREATED_AT_RANGE, Clock.systemUTC());
  }

  public EventParser(Duration createdAtRange, Clock clock) {
    this.createdAtRange = createdAtRange;
    this.clock = clock;
  }

  public MessageEvent parse(byte[] value) throws InvalidEventException {
    return parse(value, clock.instant());
  }

  /**
   * @param acceptedAt when the record was written (its Kafka timestamp): {@code created_at} is
   *     judged against it, so a job that lags or replays decides as it would have at once
   */
  public MessageEvent parse(byte[] value, Instant acceptedAt) throws InvalidEventException {
    if (value == null) {
      throw new InvalidEventException("record has no value");
    }
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("value is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidEventException("value is not readable: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InvalidEventException("value is not a JSON object");
    }
    String appId = text(node, "app_id", EventLimits.MAX_ID_LENGTH);
    String messageId = text(node, "message_id", EventLimits.MAX_ID_LENGTH);
    String event = text(node, "event", EventLimits.MAX_EVENT_LENGTH);
    Instant createdAt = createdAt(text(node, "created_at", 64), acceptedAt);
    JsonNode eventId = node.get("event_id");
    String id;
    if (eventId == null || eventId.isNull()) {
      id = EventIds.derive(appId, messageId, event, createdAt);
    } else {
      id = text(node, "event_id", EventLimits.MAX_EVENT_ID_LENGTH);
    }
    String externalId = optionalText(node, "external_id", EventLimits.MAX_ID_LENGTH);
    return new MessageEvent(id, appId, messageId, event, createdAt.toEpochMilli())
        .describing(externalId, attributes(node.get("attributes")));
  }

  private static String optionalText(JsonNode node, String field, int maxLength)
      throws InvalidEventException {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : text(node, field, maxLength);
  }

  private static String[] attributes(JsonNode node) throws InvalidEventException {
    if (node == null || node.isNull()) {
      return new String[0];
    }
    if (!node.isObject()) {
      throw new InvalidEventException("attributes is not an object of strings");
    }
    if (node.size() > EventAttributes.MAX_ATTRIBUTES) {
      throw new InvalidEventException(
          "attributes has more than "
              + EventAttributes.MAX_ATTRIBUTES
              + " keys; at most "
              + EventAttributes.MAX_ATTRIBUTES);
    }
    String[] pairs = new String[node.size() * 2];
    int at = 0;
    for (var fields = node.fields(); fields.hasNext(); ) {
      var entry = fields.next();
      String keyProblem = EventAttributes.keyProblem(entry.getKey());
      if (keyProblem != null) {
        throw new InvalidEventException("attributes: " + keyProblem);
      }
      JsonNode value = entry.getValue();
      if (!value.isTextual()) {
        throw new InvalidEventException("attributes." + entry.getKey() + " is not a string");
      }
      String valueProblem = EventAttributes.valueProblem(value.asText());
      if (valueProblem != null) {
        throw new InvalidEventException("attributes." + entry.getKey() + " " + valueProblem);
      }
      pairs[at++] = entry.getKey();
      pairs[at++] = value.asText();
    }
    return pairs;
  }

  private Instant createdAt(String text, Instant acceptedAt) throws InvalidEventException {
    Instant createdAt =
        EventTime.parse(text)
            .orElseThrow(
                () -> new InvalidEventException("created_at is not an ISO-8601 time: " + text));
    String problem = EventLimits.timeProblem(createdAt, reference(acceptedAt), createdAtRange);
    if (problem != null) {
      throw new InvalidEventException("created_at " + problem + ": " + text);
    }
    return createdAt;
  }

  /** The time a record says it was written, unless that is itself out of range of the clock. */
  private Instant reference(Instant acceptedAt) {
    Instant now = clock.instant();
    return EventLimits.timeProblem(acceptedAt, now, createdAtRange) == null ? acceptedAt : now;
  }

  private static String text(JsonNode node, String field, int maxLength)
      throws InvalidEventException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidEventException(field + " is missing");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidEventException(field + " is not a non-empty string");
    }
    String problem = EventLimits.textProblem(value.asText(), maxLength);
    if (problem != null) {
      throw new InvalidEventException(field + " " + problem);
    }
    return value.asText();
  }

  public static String formatTime(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
