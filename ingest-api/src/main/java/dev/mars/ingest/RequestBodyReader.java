package dev.mars.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads events and counter increments from a request body as it streams in, one at a time, keeping
 * of each only the fields it has (of an event, at most {@link EventReader#MAX_ATTRIBUTES} + 1
 * attributes): what a body holds beyond that is skipped, not built into a tree, so a request's heap
 * is bounded by the events it may carry, not by what a client sends. Strings, names and nesting are
 * bounded while they are read.
 */
@Component
public class RequestBodyReader {

  /** Longer than any field may be; a longer string is refused before it is held whole. */
  static final int MAX_STRING_LENGTH = 4096;

  static final int MAX_NESTING_DEPTH = 32;

  private static final Set<String> FIELDS =
      Set.of(
          "app_id", "message_id", "event", "created_at", "event_id", "external_id", "attributes");

  private static final Set<String> INCREMENT_FIELDS = Set.of("key", "value", "request_id");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonFactory factory =
      JsonFactory.builder()
          // The servlet's stream stays open: a refused body is drained before the answer.
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(MAX_STRING_LENGTH)
                  .maxNameLength(MAX_STRING_LENGTH)
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxNumberLength(64)
                  .build())
          .build();

  /** The body could not be read as events: a 400 naming what and why. */
  public static final class UnreadableBodyException extends RuntimeException {
    private final Problem problem;

    UnreadableBodyException(Problem problem) {
      super(problem.field() + " " + problem.problem());
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }

  /** One event: the body is the event object. */
  public JsonNode readSingle(InputStream body, RequestMemory.Reservation memory) {
    return drainedIfRefused(body, () -> held(single(body, FIELDS), memory));
  }

  /** One counter increment: the body is the increment object. */
  public JsonNode readIncrement(InputStream body, RequestMemory.Reservation memory) {
    return drainedIfRefused(body, () -> held(single(body, INCREMENT_FIELDS), memory));
  }

  private static JsonNode held(JsonNode read, RequestMemory.Reservation memory) {
    memory.add(RequestMemory.estimate(read));
    return read;
  }

  private JsonNode single(InputStream body, Set<String> fields) {
    try (JsonParser parser = factory.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new UnreadableBodyException(Problem.of("body", "is empty"));
      }
      JsonNode event = readObject(parser, fields);
      if (parser.nextToken() != null) {
        throw new UnreadableBodyException(Problem.of("body", "holds more than one JSON value"));
      }
      return event;
    } catch (JacksonException e) {
      throw unreadable(e, null);
    }
  }

  /**
   * The events of {@code {"events":[…]}}; reading stops at the first event past {@code maxEvents},
   * so an oversized batch costs no more than a full one.
   */
  public List<JsonNode> readBulk(
      InputStream body, int maxEvents, EventIngestion ingestion, RequestMemory.Reservation memory) {
    Problem tooMany = ingestion.tooManyPast(maxEvents);
    return drainedIfRefused(body, () -> array(body, "events", FIELDS, maxEvents, tooMany, memory));
  }

  /**
   * The increments of {@code {"increments":[…]}}, read as {@link #readBulk} reads events: stopping
   * at the first past {@code max}.
   */
  public List<JsonNode> readIncrements(
      InputStream body, int max, Problem tooMany, RequestMemory.Reservation memory) {
    return drainedIfRefused(
        body, () -> array(body, "increments", INCREMENT_FIELDS, max, tooMany, memory));
  }

  /** What {@code read} reads from {@code body}; a refused body is drained before the refusal. */
  private static <T> T drainedIfRefused(InputStream body, Supplier<T> read) {
    try {
      return read.get();
    } catch (UnreadableBodyException | RequestMemory.Exhausted | RequestMemory.TooLarge e) {
      drain(body);
      throw e;
    }
  }

  /**
   * Reads the rest of a refused body without keeping it (the size limit still holds), so the
   * client, still sending, gets the answer rather than a reset connection.
   */
  private static void drain(InputStream body) {
    try {
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // Past the size limit or gone: the answer is sent as it is.
    }
  }

  private List<JsonNode> array(
      InputStream body,
      String field,
      Set<String> fields,
      int max,
      Problem tooMany,
      RequestMemory.Reservation memory) {
    List<JsonNode> events = new ArrayList<>();
    try (JsonParser parser = factory.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new UnreadableBodyException(Problem.of("body", "must be a JSON object"));
      }
      boolean found = false;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals(field)) {
          parser.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw new UnreadableBodyException(Problem.of(field, "must be a non-empty array"));
        }
        found = true;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (events.size() == max) {
            throw new UnreadableBodyException(tooMany);
          }
          JsonNode event = readObject(parser, fields);
          memory.add(RequestMemory.estimate(event)); // as it is kept, not once the body is read
          events.add(event);
        }
      }
      if (!found) {
        throw new UnreadableBodyException(Problem.of(field, "must be a non-empty array"));
      }
      return events;
    } catch (JacksonException e) {
      throw unreadable(e, field, events.size());
    }
  }

  /**
   * The object whose first token is current: its known {@code fields}, values of other types as
   * such.
   */
  private static JsonNode readObject(JsonParser parser, Set<String> fields) {
    JsonToken token = parser.currentToken();
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return NODES.booleanNode(false); // not an object: the reader says so
    }
    ObjectNode event = NODES.objectNode();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!fields.contains(name)) {
        parser.skipChildren();
      } else if (name.equals("attributes") && value == JsonToken.START_OBJECT) {
        event.set(name, readAttributes(parser));
      } else {
        event.set(name, scalarOrPlaceholder(parser, value));
      }
    }
    return event;
  }

  private static ObjectNode readAttributes(JsonParser parser) {
    ObjectNode attributes = NODES.objectNode();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      if (attributes.size() > EventReader.MAX_ATTRIBUTES) {
        parser.skipChildren(); // already one too many: the reader refuses them
      } else {
        attributes.set(key, scalarOrPlaceholder(parser, value));
      }
    }
    return attributes;
  }

  /** A scalar as it is; an object or array as an empty one of its kind, its contents skipped. */
  private static JsonNode scalarOrPlaceholder(JsonParser parser, JsonToken value) {
    switch (value) {
      case VALUE_STRING:
        return NODES.stringNode(parser.getString());
      case START_OBJECT:
        parser.skipChildren();
        return NODES.objectNode();
      case START_ARRAY:
        parser.skipChildren();
        return NODES.arrayNode();
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_NUMBER_INT:
        // An increment's value; no more than 64 digits (the parser's limit).
        return NODES.numberNode(parser.getBigIntegerValue());
      default:
        return NODES.booleanNode(true); // a fraction or a boolean: "must be a string"
    }
  }

  private static RuntimeException unreadable(JacksonException e, Integer index) {
    return unreadable(e, "event", index);
  }

  /**
   * @param field what a batch holds ({@code event}, {@code increment})
   * @param index the element being read in a batch, or null for a single one
   */
  private static RuntimeException unreadable(JacksonException e, String field, Integer index) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodySizeLimit.BodyTooLargeException tooLarge) {
        return new BodyTooLarge(tooLarge);
      }
    }
    if (e instanceof StreamConstraintsException) {
      Problem problem = Problem.of(index == null ? "body" : singular(field), limitProblem(e));
      return new UnreadableBodyException(index == null ? problem : problem.at(index));
    }
    return new UnreadableBodyException(Problem.of("body", "is not valid JSON"));
  }

  private static String singular(String field) {
    return field.endsWith("s") ? field.substring(0, field.length() - 1) : field;
  }

  private static String limitProblem(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message.contains("String value length")) {
      return "holds a string longer than " + MAX_STRING_LENGTH + " characters";
    }
    if (message.contains("Name length")) {
      return "holds a name longer than " + MAX_STRING_LENGTH + " characters";
    }
    if (message.contains("nesting depth")) {
      return "is nested deeper than " + MAX_NESTING_DEPTH + " levels";
    }
    return "breaks a limit: " + message;
  }

  /** Reading went past the body size limit: answered 413. */
  public static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(BodySizeLimit.BodyTooLargeException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
