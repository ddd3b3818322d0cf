package dev.mars.phoenix;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An {@code add_to_timeline} payload as Mars sent it: {@code {"event": "MESSAGE CREATED", "time":
 * "14:02:02:05:123 - 26 / Nov / 2026"}} — the stage upper-cased with spaces for underscores, the
 * time in UTC by Mars's pattern {@code %H:%I:%M:%S:%L - %d / %b / %Y} (hour, hour of the half day,
 * minute, second, millisecond, day, month, year).
 */
final class TimelineEntry {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:hh:mm:ss:SSS - dd / MMM / yyyy", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private TimelineEntry() {}

  static JsonNode of(String stage, Instant at) {
    return JsonNodeFactory.instance
        .objectNode()
        .put("event", stage.toUpperCase(Locale.ROOT).replace('_', ' '))
        .put("time", TIME.format(at));
  }
}
