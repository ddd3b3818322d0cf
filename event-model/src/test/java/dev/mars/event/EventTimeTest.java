package dev.mars.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
    assertThat(EventTime.parse(null)).isEmpty();
  }
}
