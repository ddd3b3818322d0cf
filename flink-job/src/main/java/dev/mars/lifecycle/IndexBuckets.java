package dev.mars.lifecycle;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Names the time-bucketed index of a message: one index per UTC day (or month) of its first_seen,
 * {@code <alias>-yyyy.MM.dd} ({@code <alias>-yyyy.MM}), all behind {@code <alias>}. A message stays
 * in the index of its first event, however long it lasts, so it is never in two. Retention drops
 * whole buckets.
 */
public record IndexBuckets(String alias, Period period) implements Serializable {

  /** How much time one index holds. */
  public enum Period {
    DAY("yyyy.MM.dd"),
    MONTH("yyyy.MM");

    private final String pattern;

    Period(String pattern) {
      this.pattern = pattern;
    }

    private DateTimeFormatter format() {
      return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
    }
  }

  public IndexBuckets(String alias) {
    this(alias, Period.DAY);
  }

  public String bucketFor(long firstSeenMillis) {
    return alias + "-" + period.format().format(Instant.ofEpochMilli(firstSeenMillis));
  }

  /** The pattern that matches every bucket. */
  public String pattern() {
    return alias + "-*";
  }

  /**
   * The first UTC day after the messages of index {@code index} were first seen, for a daily or a
   * monthly bucket of this alias (a Mars that bucketed by month left those); empty for another
   * index.
   */
  public Optional<LocalDate> endOf(String index) {
    if (!index.startsWith(alias + "-")) {
      return Optional.empty();
    }
    String suffix = index.substring(alias.length() + 1);
    try {
      return Optional.of(LocalDate.parse(suffix, Period.DAY.format()).plusDays(1));
    } catch (DateTimeParseException notADay) {
      try {
        return Optional.of(YearMonth.parse(suffix, Period.MONTH.format()).plusMonths(1).atDay(1));
      } catch (DateTimeParseException notAMonth) {
        return Optional.empty();
      }
    }
  }
}
