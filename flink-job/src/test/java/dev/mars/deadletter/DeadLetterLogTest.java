package dev.mars.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterLogTest {

  private static final long MINUTE = 60_000;

  private final DeadLetterLog log = new DeadLetterLog(MINUTE);

  @Test
  void logsTheFirstInFullAndCountsTheRestOfTheInterval() {
    assertThat(log.line(letter(1), 0))
        .hasValueSatisfying(l -> assertThat(l).contains("mars.events-0@1"));
    assertThat(log.line(letter(2), 10)).isEmpty();
    assertThat(log.line(letter(3), MINUTE - 1)).isEmpty();

    assertThat(log.line(letter(4), MINUTE))
        .hasValueSatisfying(
            l -> assertThat(l).contains("mars.events-0@4").contains("and 2 more in the 60 s"));
    assertThat(log.line(letter(5), 3 * MINUTE))
        .hasValueSatisfying(l -> assertThat(l).doesNotContain("more"));
  }

  private static DeadLetter letter(long offset) {
    return new DeadLetter("mars.events", 0, offset, null, new byte[] {'x'}, "value is not JSON");
  }
}
