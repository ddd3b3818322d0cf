package dev.mars.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which versions read from the index are new. Each poll reads from {@link #since()}, a
 * little before the newest change seen, because a document can become visible after later ones
 * (refresh lag, bulk order); versions already sent are remembered for that overlap and dropped.
 */
public final class ChangeTracker {

  private final long overlapMs;
  private final Map<String, Long> sent = new HashMap<>();
  private long newest;

  public ChangeTracker(long startAt, long overlapMs) {
    this.newest = startAt;
    this.overlapMs = overlapMs;
  }

  /** The updated_at to read from. */
  public long since() {
    return newest - overlapMs;
  }

  /** The changes not sent before, in the order given; remembers them as sent. */
  public List<Change> fresh(List<Change> read) {
    List<Change> fresh = new ArrayList<>();
    for (Change change : read) {
      Long previous = sent.get(change.id());
      if (previous == null || previous < change.updatedAt()) {
        sent.put(change.id(), change.updatedAt());
        newest = Math.max(newest, change.updatedAt());
        fresh.add(change);
      }
    }
    long horizon = since();
    sent.values().removeIf(updatedAt -> updatedAt < horizon);
    return fresh;
  }
}
