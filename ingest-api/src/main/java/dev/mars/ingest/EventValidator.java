package dev.mars.ingest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Decides whether a request is an event, naming every field that is not right. */
@Component
public class EventValidator {

  static final int MAX_ID_LENGTH = 256;
  static final int MAX_EVENT_LENGTH = 128;

  public List<Problem> validate(EventRequest request) {
    List<Problem> problems = new ArrayList<>();
    if (request == null) {
      problems.add(Problem.of("event", "must be a JSON object"));
      return problems;
    }
    required(problems, "app_id", request.appId(), MAX_ID_LENGTH);
    required(problems, "message_id", request.messageId(), MAX_ID_LENGTH);
    required(problems, "event", request.event(), MAX_EVENT_LENGTH);
    if (required(problems, "created_at", request.createdAt(), 64)
        && parseTime(request.createdAt()) == null) {
      problems.add(
          Problem.of("created_at", "must be an ISO-8601 time, e.g. 2026-11-23T10:00:00.000Z"));
    }
    return problems;
  }

  /** The event of a request {@link #validate} found nothing wrong with. */
  public Event toEvent(EventRequest request) {
    return new Event(
        request.appId(), request.messageId(), request.event(), parseTime(request.createdAt()));
  }

  private static boolean required(List<Problem> problems, String field, String value, int max) {
    if (value == null || value.isBlank()) {
      problems.add(Problem.of(field, "is required"));
      return false;
    }
    if (value.length() > max) {
      problems.add(Problem.of(field, "is longer than " + max + " characters"));
      return false;
    }
    return true;
  }

  /** ISO-8601; a time without an offset is taken as UTC. Null when it is not a time. */
  static Instant parseTime(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
