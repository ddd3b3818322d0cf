package dev.mars.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLimitsTest {

  @Test
  void acceptsAnyPrintableNameMarsClientsSend() {
    for (String name :
        new String[] {"TEST EVENT FOR 42", "x.y", "a.", ".", "stages.x", "ünïcödé 🚀", "名前"}) {
      assertThat(EventLimits.textProblem(name, 128)).as(name).isNull();
    }
  }

  @Test
  void namesTheLengthLimit() {
    assertThat(EventLimits.textProblem("x".repeat(129), 128))
        .isEqualTo("is longer than 128 characters");
  }

  @Test
  void refusesControlCharactersAndSaysWhere() {
    assertThat(EventLimits.textProblem("ab\ncd", 128))
        .isEqualTo("must not contain control characters (U+000A at position 2)");
    assertThat(EventLimits.textProblem("\u0000", 128)).contains("U+0000");
    assertThat(EventLimits.textProblem("a\u0085", 128)).contains("U+0085");
  }

  @Test
  void refusesLoneSurrogates() {
    assertThat(EventLimits.textProblem("a\ud800", 128)).contains("lone surrogate at position 1");
    assertThat(EventLimits.textProblem("\udc00b", 128)).contains("position 0");
  }

  @Test
  void boundsTheTimeEitherWayOfTheClock() {
    Instant now = Instant.parse("2026-11-26T00:00:00Z");
    Duration range = Duration.ofDays(365);
    assertThat(EventLimits.timeProblem(now.plus(range), now, range)).isNull();
    assertThat(EventLimits.timeProblem(now.minus(range), now, range)).isNull();
    assertThat(EventLimits.timeProblem(now.plus(range).plusMillis(1), now, range))
        .startsWith("must be within 365 days of the server's time");
    assertThat(EventLimits.timeProblem(Instant.MAX, now, range)).isNotNull();
    assertThat(EventLimits.timeProblem(Instant.MIN, now, range)).isNotNull();
  }
}
