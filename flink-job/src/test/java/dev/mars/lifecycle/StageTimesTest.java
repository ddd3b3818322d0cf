package dev.mars.lifecycle;

import static dev.mars.lifecycle.Events.T0;
import static dev.mars.lifecycle.Events.T0_PLUS_1S;
import static dev.mars.lifecycle.Events.T0_PLUS_3S;
import static dev.mars.lifecycle.Events.created;
import static dev.mars.lifecycle.Events.reachedBackend;
import static dev.mars.lifecycle.Events.reachedFrontend;
import static dev.mars.lifecycle.Events.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

class StageTimesTest {

  @Test
  void keepsEachStagesFirstTimeAndTheTimeSinceTheStageBefore() {
    StageTimes times =
        new StageTimes(
            records(
                created(T0),
                reachedBackend(T0_PLUS_1S),
                reachedBackend(T0_PLUS_1S + 500),
                reachedFrontend(T0_PLUS_3S)));

    assertThat(times.firstSeen())
        .containsExactly(
            entry("MESSAGE_CREATED", T0),
            entry("MESSAGE_REACHED_BACKEND", T0_PLUS_1S),
            entry("MESSAGE_REACHED_FRONTEND", T0_PLUS_3S));
    assertThat(times.sincePrevious())
        .containsExactly(
            entry("MESSAGE_REACHED_BACKEND", 1_000L), entry("MESSAGE_REACHED_FRONTEND", 2_000L));
  }

  @Test
  void hasNoDurationForASingleStage() {
    assertThat(new StageTimes(records(created(T0))).sincePrevious()).isEmpty();
  }
}
