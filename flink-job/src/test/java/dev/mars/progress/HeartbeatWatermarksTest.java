package dev.mars.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.deadletter.Parsed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class HeartbeatWatermarksTest {

  private static final long LATENESS = 1_000;
  private static final HeartbeatWatermarks.Outages OUTAGES =
      new HeartbeatWatermarks.Outages(
          Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

  private final HeartbeatWatermarks.Generator<String> generator =
      new HeartbeatWatermarks.Generator<>(LATENESS, OUTAGES);
  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };

  @Test
  void followsTheHeartbeatsLessTheAllowedLateness() {
    beat(1_000, 2_000, 3_000);
    generator.onEvent(Parsed.of("an event"), 99_000, output); // events never move it

    assertThat(emitted).containsExactly(0L, 1_000L, 2_000L);
  }

  @Test
  void aGapHoldsTheWatermarkForItsLengthAndTheRetryBudget() {
    beat(1_000, 2_000);
    beatEverySecond(20_000, 47_000); // 18 s without heartbeats: Kafka could not take writes
    assertThat(emitted.subList(2, emitted.size())).containsOnly(1_000L);

    beat(48_000); // resumed at 20 s, + 18 s gap + 10 s budget
    assertThat(emitted.get(emitted.size() - 1)).isEqualTo(47_000L);
  }

  @Test
  void aLongGapHoldsAtMostTheMaxHoldAndTheBudget() {
    beat(1_000);
    beatEverySecond(101_000, 140_000); // a 100 s gap holds until 101 + 30 + 10 s
    assertThat(emitted.subList(1, emitted.size())).containsOnly(0L);

    beat(141_000);
    assertThat(emitted.get(emitted.size() - 1)).isEqualTo(140_000L);
  }

  @Test
  void anotherGapWhileHoldingHoldsLonger() {
    beat(1_000);
    beatEverySecond(11_000, 15_000); // 10 s gap: held until 11 + 10 + 10 = 31 s
    beatEverySecond(25_000, 40_000); // 10 s more: until 25 + 10 + 10 = 45 s
    assertThat(emitted.subList(1, emitted.size())).containsOnly(0L);

    beat(45_000);
    assertThat(emitted.get(emitted.size() - 1)).isEqualTo(44_000L);
  }

  @Test
  void aRefusalHoldsTheWatermarkForTheRetryBudget() {
    beat(1_000, 2_000, 3_000);
    generator.onEvent(Parsed.refusal(3_500), 3_500, output); // ingest refused at 3.5 s
    beatEverySecond(4_000, 13_000); // heartbeats go on: Kafka is up
    assertThat(emitted.subList(3, emitted.size())).containsOnly(2_000L);

    beat(14_000); // 3.5 s + 10 s budget passed
    assertThat(emitted.get(emitted.size() - 1)).isEqualTo(13_000L);
  }

  @Test
  void refusalsThatNeverStopHoldInStepsOfTheMaxHoldAndTheBudget() {
    beat(1_000);
    for (long at = 2_000; at <= 60_000; at += 1_000) {
      generator.onEvent(Parsed.refusal(at), at, output);
      beat(at);
    }
    // Held from 1 s for at most 30 s + 10 s; then it moves on to the heartbeats, and the next
    // notice holds it there: deadlines are judged in steps, never held for good.
    assertThat(emitted.subList(1, 40)).containsOnly(0L);
    assertThat(emitted.subList(40, emitted.size())).containsOnly(40_000L);
  }

  @Test
  void gapsWithinTheThresholdAreNoOutage() {
    beat(1_000, 5_000, 10_000);

    assertThat(emitted).containsExactly(0L, 4_000L, 9_000L);
  }

  private void beatEverySecond(long from, long to) {
    for (long time = from; time <= to; time += 1_000) {
      beat(time);
    }
  }

  private void beat(long... times) {
    for (long time : times) {
      generator.onEvent(Parsed.heartbeat(time), time, output);
    }
  }
}
