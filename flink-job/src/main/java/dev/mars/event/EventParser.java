package dev.mars.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

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
    return new MessageEvent(
        text(node, "app_id"),
        text(node, "message_id"),
        text(node, "event"),
        parseTime(text(node, "created_at")));
  }

  private static String text(JsonNode node, String field) throws InvalidEventException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidEventException(field + " is missing or not a non-empty string");
    }
    return value.asText();
  }

  /** ISO-8601; a time without an offset is taken as UTC. */
  static long parseTime(String text) throws InvalidEventException {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new InvalidEventException("created_at is not an ISO-8601 time: " + text);
      }
    }
  }

  public static String formatTime(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
