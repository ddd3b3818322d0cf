package dev.mars.lifecycle;

import static dev.mars.lifecycle.Events.BACKEND;
import static dev.mars.lifecycle.Events.BACKEND_DEADLINE;
import static dev.mars.lifecycle.Events.CREATED;
import static dev.mars.lifecycle.Events.FRONTEND;
import static dev.mars.lifecycle.Events.FRONTEND_DEADLINE;
import static dev.mars.lifecycle.Events.LIFECYCLE;
import static dev.mars.lifecycle.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.lifecycle.definition.ExpectedStage;
import dev.mars.lifecycle.definition.Lifecycle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

  @Test
  void isInProgressWhileNoDeadlineHasPassed() {
    Verdict verdict = judge(stages(CREATED, T0), List.of(), BACKEND_DEADLINE - 1);

    assertThat(verdict.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(verdict.missing()).isEmpty();
    assertThat(verdict.nextDeadline()).isEqualTo(BACKEND_DEADLINE);
  }

  @Test
  void isStuckOnceADeadlinePassesWithoutItsStage() {
    Verdict verdict = judge(stages(CREATED, T0), List.of(), BACKEND_DEADLINE);

    assertThat(verdict.status()).isEqualTo(Status.STUCK);
    assertThat(verdict.missing()).containsExactly(BACKEND);
    assertThat(verdict.declared()).containsExactly(BACKEND);
    assertThat(verdict.stuckSince()).isEqualTo(BACKEND_DEADLINE);
    assertThat(verdict.nextDeadline()).isEqualTo(FRONTEND_DEADLINE);
  }

  @Test
  void isLateWhenAStageDeclaredMissingArrivesAfterAll() {
    Verdict verdict =
        judge(stages(CREATED, T0, BACKEND, T0 + 12_000), List.of(BACKEND), BACKEND_DEADLINE + 5);

    assertThat(verdict.status()).isEqualTo(Status.LATE);
    assertThat(verdict.late()).containsExactly(BACKEND);
    assertThat(verdict.missing()).isEmpty();
    assertThat(verdict.stuckSince()).isEqualTo(Verdict.NONE);
  }

  @Test
  void staysLateAfterTheLastStageComes() {
    Verdict verdict =
        judge(
            stages(CREATED, T0, BACKEND, T0 + 12_000, FRONTEND, T0 + 13_000),
            List.of(BACKEND),
            FRONTEND_DEADLINE + 5);

    assertThat(verdict.status()).isEqualTo(Status.LATE);
    assertThat(verdict.nextDeadline()).isEqualTo(Verdict.NONE);
  }

  @Test
  void isCompleteWhenEveryStageCameInTime() {
    Verdict verdict =
        judge(stages(CREATED, T0, BACKEND, T0 + 100, FRONTEND, T0 + 200), List.of(), T0);

    assertThat(verdict.status()).isEqualTo(Status.COMPLETE);
    assertThat(verdict.nextDeadline()).isEqualTo(Verdict.NONE);
    assertThat(verdict.outOfOrder()).isEmpty();
  }

  @Test
  void countsAsLateAStageThatHappenedAfterItsDeadlineThoughNeverDeclaredMissing() {
    Verdict verdict =
        judge(
            stages(CREATED, T0, BACKEND, BACKEND_DEADLINE + 1, FRONTEND, BACKEND_DEADLINE + 2),
            List.of(),
            T0);

    assertThat(verdict.status()).isEqualTo(Status.LATE);
    assertThat(verdict.late()).containsExactly(BACKEND);
  }

  @Test
  void flagsAStageThatHappenedBeforeOneListedEarlier() {
    Verdict verdict =
        judge(stages(CREATED, T0, FRONTEND, T0 + 100, BACKEND, T0 + 200), List.of(), T0);

    assertThat(verdict.outOfOrder()).containsExactly(FRONTEND);
    assertThat(verdict.status()).isEqualTo(Status.COMPLETE);
  }

  @Test
  void measuresFromTheEarliestEventWhenTheFirstStageNeverCame() {
    Verdict verdict = judge(stages(BACKEND, T0 + 500), List.of(), T0 + 500);

    assertThat(verdict.missing()).containsExactly(CREATED);
    assertThat(verdict.nextDeadline()).isEqualTo(T0 + 500 + 30_000);
  }

  @Test
  void measuresAStageFromTheOneItFollowsWhenThatArrived() {
    Lifecycle lifecycle =
        new Lifecycle(
            List.of(
                new ExpectedStage(CREATED, ExpectedStage.NO_DEADLINE, null),
                new ExpectedStage(BACKEND, 60_000, null),
                new ExpectedStage(FRONTEND, 1_000, BACKEND)));

    Verdict verdict =
        Verdict.judge(lifecycle, stages(CREATED, T0, BACKEND, T0 + 5_000), T0, List.of(), T0);

    assertThat(verdict.nextDeadline()).isEqualTo(T0 + 6_000);
  }

  @Test
  void neverDeclaresMissingAStageWithoutADeadline() {
    Lifecycle lifecycle =
        new Lifecycle(
            List.of(
                new ExpectedStage(CREATED, ExpectedStage.NO_DEADLINE, null),
                new ExpectedStage(BACKEND, ExpectedStage.NO_DEADLINE, null)));

    Verdict verdict = Verdict.judge(lifecycle, stages(CREATED, T0), T0, List.of(), Long.MAX_VALUE);

    assertThat(verdict.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(verdict.nextDeadline()).isEqualTo(Verdict.NONE);
  }

  private static Verdict judge(Map<String, Long> stages, List<String> declared, long progress) {
    long firstSeen = stages.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    return Verdict.judge(LIFECYCLE, stages, firstSeen, declared, progress);
  }

  private static Map<String, Long> stages(Object... stageThenTime) {
    Map<String, Long> stages = new LinkedHashMap<>();
    for (int i = 0; i < stageThenTime.length; i += 2) {
      stages.put((String) stageThenTime[i], (Long) stageThenTime[i + 1]);
    }
    return stages;
  }
}
