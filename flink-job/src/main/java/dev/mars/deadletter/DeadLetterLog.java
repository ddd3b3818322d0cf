package dev.mars.deadletter;

import java.util.Optional;

/**
 * What an operator reads about dead letters: the first of each interval in full, then how many more
 * there were, so a flood of bad records is a few log lines, not one line each (the {@code
 * invalidRecords} metric counts every one).
 */
public final class DeadLetterLog {

  private final long intervalMs;
  private long intervalStart = Long.MIN_VALUE;
  private long suppressed;

  public DeadLetterLog(long intervalMs) {
    this.intervalMs = intervalMs;
  }

  /** The line to log for this dead letter, if any. */
  public Optional<String> line(DeadLetter letter, long now) {
    return line("record", letter.source(), letter.getReason(), now);
  }

  /**
   * The line to log for a dead-lettered {@code what} (a record, a document) from {@code source}.
   */
  public Optional<String> line(String what, String source, String reason, long now) {
    if (intervalStart != Long.MIN_VALUE && now - intervalStart < intervalMs) {
      suppressed++;
      return Optional.empty();
    }
    String more =
        suppressed == 0
            ? ""
            : " (and " + suppressed + " more in the " + intervalMs / 1000 + " s before it)";
    intervalStart = now;
    suppressed = 0;
    return Optional.of("Dead-lettered " + what + " " + source + ": " + reason + more);
  }
}
