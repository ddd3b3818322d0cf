package dev.mars.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeTest {

  @Test
  void readsIsoTimesWithAnOffset() {
    assertThat(EventTime.parse("2026-11-23T11:00:00.250+01:00"))
        .contains(Instant.parse("2026-11-23T10:00:00.250Z"));
  }

  @Test
  void takesATimeWithoutOffsetAsUtc() {
    assertThat(EventTime.parse("2026-11-23T10:00:00"))
        .contains(Instant.parse("2026-11-23T10:00:00Z"));
  }

  @Test
  void readsNothingFromWhatIsNotATime() {
    assertThat(EventTime.parse("yesterday")).isEmpty();
    assertThat(EventTime.parse("2026-13-23T10:00:00Z")).isEmpty();
    assertThat(EventTime.parse("2026-02-30T10:00:00Z")).isEmpty();
    assertThat(EventTime.parse(null)).isEmpty();
  }

  /** The fast path must agree with the JDK's parser on every form it takes, and leave the rest. */
  @Test
  void readsTheCommonFormsAsTheGeneralParserDoes() {
    for (String text :
        List.of(
            "2026-11-23T10:00:00Z",
            "2026-11-23T10:00:00.5Z",
            "2026-11-23T10:00:00.123456789Z",
            "2026-11-23t10:00:00z",
            "2026-11-23T10:00:00.250-05:30",
            "2026-11-23T10:00:00+00:00",
            "2026-11-23T10:00:00.001",
            "0001-01-01T00:00:00Z",
            "2024-02-29T23:59:59.999+14:00")) {
      assertThat(EventTime.parseCommon(text)).as(text).isEqualTo(general(text));
    }
    for (String text :
        List.of(
            "2026-11-23T10:00Z",
            "2026-11-23T10:00:00.Z",
            "2026-11-23T10:00:00.1234567891Z",
            "2026-11-23T10:00:00+0100",
            "2026-11-23T10:00:00[Europe/Paris]",
            "+12026-11-23T10:00:00Z")) {
      assertThat(EventTime.parseCommon(text)).as(text).isNull();
    }
  }

  private static Instant general(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    }
  }
}
