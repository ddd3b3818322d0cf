package dev.mars.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeTrackerTest {

  private static final long START = 100_000;
  private static final long OVERLAP = 5_000;

  private final ChangeTracker tracker = new ChangeTracker(START, OVERLAP);

  @Test
  void readsFromOneOverlapBeforeTheNewestChange() {
    assertThat(tracker.since()).isEqualTo(START - OVERLAP);

    tracker.fresh(List.of(change("a", START + 1_000)));

    assertThat(tracker.since()).isEqualTo(START + 1_000 - OVERLAP);
  }

  @Test
  void sendsAVersionOnceHoweverOftenItIsRead() {
    assertThat(tracker.fresh(List.of(change("a", START + 1)))).hasSize(1);
    assertThat(tracker.fresh(List.of(change("a", START + 1)))).isEmpty();
  }

  @Test
  void sendsANewerVersionOfTheSameDocument() {
    tracker.fresh(List.of(change("a", START + 1)));

    assertThat(tracker.fresh(List.of(change("a", START + 1), change("a", START + 2))))
        .extracting(Change::updatedAt)
        .containsExactly(START + 2L);
  }

  @Test
  void sendsADocumentThatBecameVisibleAfterANewerOne() {
    tracker.fresh(List.of(change("b", START + 2_000)));

    assertThat(tracker.fresh(List.of(change("a", START + 1_000), change("b", START + 2_000))))
        .extracting(Change::id)
        .containsExactly("a");
  }

  private static Change change(String id, long updatedAt) {
    return new Change(id, updatedAt, Map.of("message_id", id));
  }
}
