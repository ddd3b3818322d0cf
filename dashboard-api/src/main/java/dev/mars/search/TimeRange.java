package dev.mars.search;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * {@code from}/{@code to} of a search: ISO-8601 (a date, or a date and time with an offset) or
 * Kibana's date math ({@code now-1h}, {@code now/d}), handed to Elasticsearch as given.
 */
public record TimeRange(String from, String to) {

  private static final Pattern DATE_MATH =
      Pattern.compile("now([+-]\\d+[yMwdhHms])*(/[yMwdhHms])?");

  public TimeRange {
    check("from", from);
    check("to", to);
  }

  public boolean isOpen() {
    return from == null && to == null;
  }

  private static void check(String parameter, String value) {
    if (value == null || DATE_MATH.matcher(value).matches()) {
      return;
    }
    try {
      DateTimeFormatter.ISO_DATE_TIME.parse(value);
      return;
    } catch (DateTimeParseException notADateTime) {
      try {
        DateTimeFormatter.ISO_DATE.parse(value);
        return;
      } catch (DateTimeParseException notADate) {
        throw new InvalidRequestException(
            parameter,
            "\""
                + value
                + "\" is neither ISO-8601 (2026-11-23T10:00:00Z, 2026-11-23) nor date math (now-1h,"
                + " now/d)");
      }
    }
  }
}
