package dev.mars.lifecycle;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names the time-bucketed index of a message: one index a month of first_seen, {@code
 * <alias>-yyyy.MM}, all behind {@code <alias>}. Whole months are dropped by retention.
 */
public record IndexBuckets(String alias) implements Serializable {

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  public String bucketFor(long firstSeenMillis) {
    return alias + "-" + MONTH.format(Instant.ofEpochMilli(firstSeenMillis));
  }

  /** The pattern that matches every bucket. */
  public String pattern() {
    return alias + "-*";
  }
}
