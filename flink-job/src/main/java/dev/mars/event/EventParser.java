package dev.mars.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;

/** Reads the JSON value of a {@code mars.events} record into a {@link MessageEvent}. */
public final class EventParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Thrown for a record that is not a valid event; the message names the field. */
  public static final class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
      super(message);
    }
  }

  public MessageEvent parse(byte[] value) throws InvalidEventException {
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
    String appId = text(node, "app_id");
    String messageId = text(node, "message_id");
    String event = text(node, "event");
    String createdAtText = text(node, "created_at");
    Instant createdAt =
        EventTime.parse(createdAtText)
            .orElseThrow(
                () ->
                    new InvalidEventException(
                        "created_at is not an ISO-8601 time: " + createdAtText));
    JsonNode eventId = node.get("event_id");
    return new MessageEvent(
        eventId != null && eventId.isTextual() && !eventId.asText().isBlank()
            ? eventId.asText()
            : EventIds.derive(appId, messageId, event, createdAt),
        appId,
        messageId,
        event,
        createdAt.toEpochMilli());
  }

  private static String text(JsonNode node, String field) throws InvalidEventException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidEventException(field + " is missing or not a non-empty string");
    }
    return value.asText();
  }

  public static String formatTime(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
