package dev.mars.event;

import java.time.Duration;
import java.time.Instant;

/**
 * What an event may hold, checked alike by ingest (a 400 naming the field) and by the job (a dead
 * letter with the same words), so that nothing a client sends can reach state or the index
 * unbounded: ids and names of bounded length without control characters or broken Unicode, and a
 * {@code created_at} within a range of the reader's clock.
 */
public final class EventLimits {

  public static final int MAX_ID_LENGTH = 256;
  public static final int MAX_EVENT_LENGTH = 128;
  public static final int MAX_EVENT_ID_LENGTH = 128;

  /** A counter's key is its document's id, which Elasticsearch caps at 512 bytes. */
  public static final int MAX_COUNTER_KEY_LENGTH = 128;

  public static final int MAX_REQUEST_ID_LENGTH = 128;

  /** How far {@code created_at} may be from the reader's clock, either way, by default. */
  public static final Duration DEFAULT_CREATED_AT_RANGE = Duration.ofDays(365);

  private EventLimits() {}

  /**
   * Why {@code text} cannot be a field's value, or null when it can: longer than {@code maxLength}
   * characters, a control character (a newline included), or half of a surrogate pair.
   */
  public static String textProblem(String text, int maxLength) {
    if (text.length() > maxLength) {
      return "is longer than " + maxLength + " characters";
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return String.format(
            "must not contain control characters (U+%04X at position %d)", (int) c, i);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "is not valid Unicode (a lone surrogate at position " + i + ")";
      }
    }
    return null;
  }

  /** Why {@code createdAt} is out of range of {@code now}, or null when it is within. */
  public static String timeProblem(Instant createdAt, Instant now, Duration range) {
    if (createdAt.isBefore(now.minus(range)) || createdAt.isAfter(now.plus(range))) {
      return "must be within "
          + range.toDays()
          + " days of the server's time ("
          + now.minus(range)
          + " to "
          + now.plus(range)
          + ")";
    }
    return null;
  }
}
