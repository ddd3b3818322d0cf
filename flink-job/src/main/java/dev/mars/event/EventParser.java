package dev.mars.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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
    Fields fields;
    try (JsonParser parser = JSON.getFactory().createParser(value)) {
      fields = Fields.read(parser);
    } catch (JsonProcessingException e) {
      throw new InvalidEventException("value is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidEventException("value is not readable: " + e.getMessage());
    }
    String appId = text(fields.appId, "app_id", EventLimits.MAX_ID_LENGTH);
    String messageId = text(fields.messageId, "message_id", EventLimits.MAX_ID_LENGTH);
    String event = text(fields.event, "event", EventLimits.MAX_EVENT_LENGTH);
    Instant createdAt = createdAt(text(fields.createdAt, "created_at", 64), acceptedAt);
    String id =
        fields.eventId == null
            ? EventIds.derive(appId, messageId, event, createdAt)
            : text(fields.eventId, "event_id", EventLimits.MAX_EVENT_ID_LENGTH);
    String externalId =
        fields.externalId == null
            ? null
            : text(fields.externalId, "external_id", EventLimits.MAX_ID_LENGTH);
    return new MessageEvent(id, appId, messageId, event, createdAt.toEpochMilli())
        .describing(externalId, attributes(fields.attributes));
  }

  /**
   * The fields of an event as the record has them, read as a stream of tokens (a tree of the record
   * was a tenth of the job's allocations). A field that is null counts as absent; the last of
   * repeated fields counts, as in a tree; fields Mars does not know are skipped.
   */
  private static final class Fields {
    /** A field that is there but not a string: refused by name once every field is read. */
    static final String NOT_A_STRING = new String("not a string");

    String appId;
    String messageId;
    String event;
    String createdAt;
    String eventId;
    String externalId;
    Map<String, String> attributes;

    static Fields read(JsonParser parser) throws IOException, InvalidEventException {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEventException("value is not a JSON object");
      }
      Fields fields = new Fields();
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        switch (name) {
          case "app_id" -> fields.appId = text(parser, token);
          case "message_id" -> fields.messageId = text(parser, token);
          case "event" -> fields.event = text(parser, token);
          case "created_at" -> fields.createdAt = text(parser, token);
          case "event_id" -> fields.eventId = text(parser, token);
          case "external_id" -> fields.externalId = text(parser, token);
          case "attributes" -> fields.attributes = attributes(parser, token);
          default -> parser.skipChildren();
        }
      }
      return fields;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
      if (token == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      parser.skipChildren();
      return token == JsonToken.VALUE_NULL ? null : NOT_A_STRING;
    }

    private static Map<String, String> attributes(JsonParser parser, JsonToken token)
        throws IOException, InvalidEventException {
      if (token == JsonToken.VALUE_NULL) {
        return null;
      }
      if (token != JsonToken.START_OBJECT) {
        throw new InvalidEventException("attributes is not an object of strings");
      }
      Map<String, String> attributes = new LinkedHashMap<>();
      for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
        JsonToken value = parser.nextToken();
        if (value != JsonToken.VALUE_STRING) {
          throw new InvalidEventException("attributes." + key + " is not a string");
        }
        attributes.put(key, parser.getText());
        if (attributes.size() > EventAttributes.MAX_ATTRIBUTES) {
          throw new InvalidEventException(
              "attributes has more than "
                  + EventAttributes.MAX_ATTRIBUTES
                  + " keys; at most "
                  + EventAttributes.MAX_ATTRIBUTES);
        }
      }
      return attributes;
    }
  }

  private static String[] attributes(Map<String, String> attributes) throws InvalidEventException {
    if (attributes == null) {
      return new String[0];
    }
    String[] pairs = new String[attributes.size() * 2];
    int at = 0;
    for (Map.Entry<String, String> entry : attributes.entrySet()) {
      String keyProblem = EventAttributes.keyProblem(entry.getKey());
      if (keyProblem != null) {
        throw new InvalidEventException("attributes: " + keyProblem);
      }
      String valueProblem = EventAttributes.valueProblem(entry.getValue());
      if (valueProblem != null) {
        throw new InvalidEventException("attributes." + entry.getKey() + " " + valueProblem);
      }
      pairs[at++] = entry.getKey();
      pairs[at++] = entry.getValue();
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

  private static String text(String value, String field, int maxLength)
      throws InvalidEventException {
    if (value == null) {
      throw new InvalidEventException(field + " is missing");
    }
    if (value == Fields.NOT_A_STRING || value.isBlank()) {
      throw new InvalidEventException(field + " is not a non-empty string");
    }
    String problem = EventLimits.textProblem(value, maxLength);
    if (problem != null) {
      throw new InvalidEventException(field + " " + problem);
    }
    return value;
  }

  public static String formatTime(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
