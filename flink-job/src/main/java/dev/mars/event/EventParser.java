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
    return new MessageEvent(id, appId, messageId, event, createdAt.toEpochMilli());
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
