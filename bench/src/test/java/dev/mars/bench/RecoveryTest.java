package dev.mars.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTest {

  private static final long FAULT = 100_000;

  @Test
  void recoversWhenTheLastSlowEventBecameSearchable() {
    List<Recovery.Sample> samples = steady(0, FAULT, 1_500);
    samples.add(new Recovery.Sample(FAULT + 1_000, 20_000)); // searchable at fault + 21 s
    samples.add(new Recovery.Sample(FAULT + 5_000, 12_000)); // at fault + 17 s
    samples.addAll(steady(FAULT + 6_000, FAULT + 60_000, 1_500));

    Recovery.Result result = Recovery.after(FAULT, samples);

    assertThat(result.normalMs()).isEqualTo(3_000);
    assertThat(result.recoveredAfterMs()).isEqualTo(21_000);
    assertThat(result.slowed()).isEqualTo(2);
  }

  @Test
  void countsAnEventCaughtInFlightByTheFault() {
    List<Recovery.Sample> samples = steady(0, FAULT, 1_000);
    samples.add(new Recovery.Sample(FAULT - 500, 9_500)); // created before, searchable at +9 s

    assertThat(Recovery.after(FAULT, samples).recoveredAfterMs()).isEqualTo(9_000);
  }

  @Test
  void judgesNormalByWhatWasFoundBeforeTheFault() {
    List<Recovery.Sample> samples = steady(0, FAULT - 2_000, 1_000);
    for (long at = FAULT - 2_000; at < FAULT; at += 100) {
      samples.add(new Recovery.Sample(at, FAULT + 30_000 - at)); // caught by the fault
    }

    Recovery.Result result = Recovery.after(FAULT, samples);

    assertThat(result.normalMs()).isEqualTo(2_000);
    assertThat(result.recoveredAfterMs()).isEqualTo(30_000);
  }

  @Test
  void aFaultNobodyNoticedTakesNoTime() {
    List<Recovery.Sample> samples = steady(0, FAULT + 60_000, 1_200);

    Recovery.Result result = Recovery.after(FAULT, samples);

    assertThat(result.recoveredAfterMs()).isZero();
    assertThat(result.slowed()).isZero();
  }

  @Test
  void aProbeGivenUpMeansNotRecovered() {
    List<Recovery.Sample> samples = steady(0, FAULT, 1_000);
    samples.add(new Recovery.Sample(FAULT + 1_000, Long.MAX_VALUE));

    assertThat(Recovery.after(FAULT, samples).recoveredAfterMs()).isEqualTo(-1);
  }

  private static List<Recovery.Sample> steady(long from, long to, long latency) {
    List<Recovery.Sample> samples = new ArrayList<>();
    for (long at = from; at < to; at += 100) {
      samples.add(new Recovery.Sample(at, latency));
    }
    return samples;
  }
}
