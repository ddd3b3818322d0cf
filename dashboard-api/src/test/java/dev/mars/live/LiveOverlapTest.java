package dev.mars.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveOverlapTest {

  private static final long HOLD = 600_000;

  private final LiveOverlap overlap = new LiveOverlap(5_000, 60_000, HOLD);

  @Test
  void staysAtItsBaseWhileVersionsBecomeVisibleInTime() {
    overlap.observe(2_000, 1_000);

    assertThat(overlap.millis()).isEqualTo(5_000);
  }

  @Test
  void widensToTwiceTheLatenessOfAVersionSeenLate() {
    overlap.observe(4_000, 1_000);
    assertThat(overlap.millis()).isEqualTo(8_000);

    overlap.observe(7_000, 2_000); // lateness growing with load: the overlap keeps ahead of it
    assertThat(overlap.millis()).isEqualTo(14_000);
  }

  @Test
  void neverWidensPastItsLimit() {
    overlap.observe(4_000, 1_000);
    overlap.observe(7_000, 2_000);
    overlap.observe(13_000, 3_000);
    overlap.observe(27_000, 4_000);
    overlap.observe(55_000, 5_000);

    assertThat(overlap.millis()).isEqualTo(60_000);
  }

  @Test
  void returnsToItsBaseOnlyAfterAHoldWithoutLateVersions() {
    overlap.observe(4_000, 1_000);

    overlap.observe(0, 1_000 + HOLD);
    assertThat(overlap.millis()).isEqualTo(8_000);

    overlap.observe(0, 1_001 + HOLD);
    assertThat(overlap.millis()).isEqualTo(5_000);
  }
}
