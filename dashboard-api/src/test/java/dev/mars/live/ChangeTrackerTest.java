package dev.mars.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeTrackerTest {

  private static final long START = 100_000;
  private static final long OVERLAP = 5_000;

  private final ChangeTracker tracker = new ChangeTracker(START, () -> OVERLAP);

  @Test
  void readsFromOneOverlapBeforeTheNewestChange() {
    assertThat(tracker.since()).isEqualTo(START - OVERLAP);

    tracker.fresh(List.of(change("a", 1, START + 1_000)));
    tracker.handledUpTo(START + 1_000);

    assertThat(tracker.since()).isEqualTo(START + 1_000 - OVERLAP);
  }

  @Test
  void movesOnlyWithWhatWasListedSoAFailedPollRepeats() {
    // Listed at START + 10, read back already rewritten a minute later: the listing has not
    // reached that minute, so the next poll must still start from the listing's place.
    tracker.fresh(List.of(change("a", 2, START + 60_000)));

    assertThat(tracker.since()).isEqualTo(START - OVERLAP);
  }

  @Test
  void sendsAVersionOnceHoweverOftenItIsRead() {
    assertThat(tracker.fresh(List.of(change("a", 1, START + 1)))).hasSize(1);
    assertThat(tracker.fresh(List.of(change("a", 1, START + 1)))).isEmpty();
    assertThat(tracker.unsent(List.of(change("a", 1, START + 1)))).isEmpty();
  }

  @Test
  void sendsANewerVersionOfTheSameDocumentEvenWithTheSameTimestamp() {
    tracker.fresh(List.of(change("a", 1, START + 1)));

    assertThat(tracker.fresh(List.of(change("a", 1, START + 1), change("a", 2, START + 1))))
        .extracting(Change::version)
        .containsExactly(2L);
  }

  @Test
  void remembersTheVersionReadNotTheOneListed() {
    List<Change> unsent = tracker.unsent(List.of(change("a", 1, START + 1)));
    assertThat(unsent).hasSize(1);

    tracker.fresh(List.of(change("a", 2, START + 2))); // updated between listing and reading

    assertThat(tracker.unsent(List.of(change("a", 2, START + 2)))).isEmpty();
  }

  @Test
  void sendsADocumentThatBecameVisibleAfterANewerOne() {
    tracker.fresh(List.of(change("b", 1, START + 2_000)));

    assertThat(tracker.fresh(List.of(change("a", 1, START + 1_000), change("b", 1, START + 2_000))))
        .extracting(Change::id)
        .containsExactly("a");
  }

  @Test
  void measuresHowFarBehindTheNewestChangeAVersionBecameVisible() {
    tracker.fresh(List.of(change("b", 1, START + 4_000)));
    tracker.handledUpTo(START + 4_000);

    assertThat(tracker.lateness(tracker.unsent(List.of(change("a", 1, START + 1_000)))))
        .isEqualTo(3_000);
    assertThat(tracker.lateness(List.of())).isZero();
  }

  private static Change change(String id, long version, long updatedAt) {
    return new Change(id, version, updatedAt, 0, Map.of("message_id", id));
  }
}
