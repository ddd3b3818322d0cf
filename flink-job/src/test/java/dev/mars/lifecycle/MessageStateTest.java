package dev.mars.lifecycle;

import static dev.mars.lifecycle.Events.T0;
import static dev.mars.lifecycle.Events.T0_PLUS_1S;
import static dev.mars.lifecycle.Events.T0_PLUS_2S;
import static dev.mars.lifecycle.Events.created;
import static dev.mars.lifecycle.Events.event;
import static dev.mars.lifecycle.Events.reachedBackend;
import static dev.mars.lifecycle.Events.reachedFrontend;
import static dev.mars.lifecycle.Events.records;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageStateTest {

  private final MessageState state = new MessageState(Events.APP, Events.MESSAGE, "messages");

  @Test
  void keepsEveryStatusChangeAtTheInputPositionItCameAt() {
    for (int offset = 1; offset <= 5; offset++) {
      state.advanceInput(created(T0).readAt(0, offset));
      state.setStatusChanges(offset);
      state.remember(
          Status.IN_PROGRESS,
          new Verdict(
              Status.STUCK, List.of(), List.of(), List.of(), List.of(), T0, Verdict.NONE, false),
          T0);
    }

    assertThat(state.getChangeLog())
        .extracting(RecordedChange::getNumber, RecordedChange::getOffset)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1L),
            org.assertj.core.groups.Tuple.tuple(2, 2L),
            org.assertj.core.groups.Tuple.tuple(3, 3L),
            org.assertj.core.groups.Tuple.tuple(4, 4L),
            org.assertj.core.groups.Tuple.tuple(5, 5L));
  }

  @Test
  void tellsAnEventFromAnotherPartitionThanTheMessagesEarlierOnes() {
    assertThat(state.advanceInput(created(T0).readAt(1, 7))).isFalse();
    assertThat(state.advanceInput(reachedBackend(T0_PLUS_1S).readAt(1, 9))).isFalse();
    assertThat(state.advanceInput(reachedFrontend(T0_PLUS_2S).readAt(2, 3))).isTrue();
    assertThat(state.getInputPartition()).isEqualTo(2);
    assertThat(state.getInputOffset()).isEqualTo(3);
  }

  @Test
  void ordersEventsByCreatedAtWhateverTheArrivalOrder() {
    state.addAll(records(reachedFrontend(T0_PLUS_2S), created(T0)));
    state.addAll(records(reachedBackend(T0_PLUS_1S)));

    assertThat(state.getEvents())
        .containsExactlyElementsOf(
            records(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(T0_PLUS_2S)));
    assertThat(state.firstSeen()).isEqualTo(T0);
    assertThat(state.lastSeen()).isEqualTo(T0_PLUS_2S);
  }

  @Test
  void keepsArrivalOrderAmongEventsOfTheSameTime() {
    state.addAll(records(event("B", T0), event("A", T0)));

    assertThat(state.getEvents())
        .containsExactlyElementsOf(records(event("B", T0), event("A", T0)));
  }

  @Test
  void countsARepeatedReportOnce() {
    assertThat(state.addAll(records(created(T0), created(T0))))
        .containsExactlyElementsOf(records(created(T0)));
    assertThat(state.addAll(records(created(T0)))).isEmpty();

    assertThat(state.getEvents()).containsExactlyElementsOf(records(created(T0)));
  }

  @Test
  void countsEventsByTheirIdNotTheirContent() {
    state.addAll(records(Events.withId("retry-1", created(T0))));
    state.addAll(records(Events.withId("retry-1", created(T0_PLUS_1S))));
    state.addAll(records(Events.withId("other", created(T0))));

    assertThat(state.getEvents()).extracting("eventId").containsExactly("retry-1", "other");
  }

  @Test
  void keepsTheSameStageReportedAtAnotherTime() {
    state.addAll(records(created(T0), created(T0_PLUS_1S)));

    assertThat(state.getEvents()).hasSize(2);
  }

  @Test
  void keepsEachAttributesLatestValueAndNoMoreKeysThanAMessageMayHave() {
    assertThat(state.describe(created(T0).describing("ext-1", new String[] {"a", "1"}))).isTrue();
    assertThat(state.describe(created(T0).describing("ext-1", new String[] {"a", "1"}))).isFalse();
    String[] many = new String[80];
    for (int k = 0; k < 40; k++) {
      many[2 * k] = "k" + k;
      many[2 * k + 1] = "v";
    }
    assertThat(state.describe(reachedBackend(T0_PLUS_1S).describing(null, many))).isTrue();
    state.describe(reachedFrontend(T0_PLUS_2S).describing("ext-2", new String[] {"a", "2"}));

    assertThat(state.getDescription().getExternalId()).isEqualTo("ext-2");
    assertThat(state.getDescription().asMap()).hasSize(32).containsEntry("a", "2");
    assertThat(state.getDescription().asMap().keySet().iterator().next()).isEqualTo("a");
  }
}
