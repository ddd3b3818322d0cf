package dev.mars.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private static final int EVENTS = 200_000;

  private final List<WorkloadEvent> events = take(new Workload(42, 10_000, 0), EVENTS);

  @Test
  void isTheSameForTheSameSeed() {
    assertThat(take(new Workload(42, 10_000, 0), 1_000)).isEqualTo(events.subList(0, 1_000));
    assertThat(take(new Workload(43, 10_000, 0), 1_000)).isNotEqualTo(events.subList(0, 1_000));
  }

  @Test
  void sendsFortyPercentOfMessagesToApp00() {
    Map<String, String> appOfMessage = new HashMap<>();
    events.forEach(e -> appOfMessage.put(e.messageId(), e.appId()));
    long app00 = appOfMessage.values().stream().filter("app-00"::equals).count();

    assertThat((double) app00 / appOfMessage.size()).isBetween(0.38, 0.42);
    assertThat(new HashSet<>(appOfMessage.values())).hasSize(20);
  }

  @Test
  void repeatsAboutOnePercentOfEventsWithTheSameEventId() {
    Set<String> seen = new HashSet<>();
    long repeats = events.stream().filter(e -> !seen.add(e.eventId())).count();

    assertThat((double) repeats / EVENTS).isBetween(0.008, 0.012);
  }

  @Test
  void interleavesMessagesAndKeepsStagesFiftyToFiveHundredMillisApart() {
    assertThat(events.get(0).messageId()).isNotEqualTo(events.get(1).messageId());

    Workload workload = new Workload(42, 1, 0);
    for (int m = 0; m < 10_000; m++) {
      List<WorkloadEvent> message = workload.messageStartingAt(m);
      List<Long> times =
          message.stream().map(WorkloadEvent::createdAtMillis).distinct().sorted().toList();
      for (int i = 1; i < times.size(); i++) {
        // 50–500 ms a stage; a stage that never comes leaves a gap of two.
        assertThat(times.get(i) - times.get(i - 1)).isBetween(50L, 1_000L);
      }
    }
  }

  @Test
  void averagesTheEventsPerMessageThePacedLoadPlansWith() {
    Workload workload = new Workload(7, 1, 0);
    long events = 0;
    for (int m = 0; m < 100_000; m++) {
      events += workload.messageStartingAt(m).size();
    }
    assertThat(events / 100_000.0).isCloseTo(PacedLoad.EVENTS_PER_MESSAGE, within(0.02));
  }

  @Test
  void sendsEachEventWhenItsTurnComesAndARepeatWithItsOriginal() {
    WorkloadEvent first = new WorkloadEvent("a", "app", "m", "S1", 100, Map.of(), 100);
    WorkloadEvent second = new WorkloadEvent("b", "app", "m", "S2", 300, Map.of(), 100);
    WorkloadEvent third = new WorkloadEvent("c", "app", "m", "S3", 700, Map.of(), 100);

    // Sent out of order (second swapped ahead of first), the third repeated.
    long[] at = Workload.sendTimes(List.of(second, first, third, third));

    assertThat(at).containsExactly(100, 300, 700, 700);
  }

  private static List<WorkloadEvent> take(Workload workload, int n) {
    List<WorkloadEvent> taken = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      taken.add(workload.next());
    }
    return taken;
  }
}
