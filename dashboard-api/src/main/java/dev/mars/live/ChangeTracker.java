package dev.mars.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides which versions read from the index are new. Each poll lists documents from {@link
 * #since()}, a little before the newest change seen, because a document can become visible after
 * later ones (refresh lag, bulk order, equal timestamps); the version of each document sent is
 * remembered for that overlap, so nothing is sent twice and nothing in the overlap is missed. The
 * overlap may change between polls ({@link LiveOverlap}).
 */
public final class ChangeTracker {

  private final LongSupplier overlapMs;
  private final Map<String, Sent> sent = new HashMap<>();
  private long newest;
  private long holdAt = Long.MAX_VALUE;

  private record Sent(long version, long updatedAt) {}

  public ChangeTracker(long startAt, LongSupplier overlapMs) {
    this.newest = startAt;
    this.overlapMs = overlapMs;
  }

  /** How many sent versions it remembers. */
  int remembered() {
    return sent.size();
  }

  /** The newest updated_at handled. */
  public long newest() {
    return newest;
  }

  /** The updated_at to list from. */
  public long since() {
    return Math.min(newest, holdAt) - overlapMs.getAsLong();
  }

  /**
   * Versions stamped after {@code writtenThrough} may still be on their way to the index: list from
   * no later than that (Long.MAX_VALUE: nothing is known to be on its way).
   */
  public void holdAt(long writtenThrough) {
    holdAt = writtenThrough;
  }

  /** How far the oldest of these versions is behind the newest change handled, or 0. */
  public long lateness(List<Change> unsent) {
    return unsent.stream().mapToLong(change -> newest - change.updatedAt()).max().orElse(0);
  }

  /** The listed versions not sent yet, in the order given. */
  public List<Change> unsent(List<Change> listed) {
    List<Change> unsent = new ArrayList<>();
    for (Change change : listed) {
      Sent before = sent.get(change.id());
      if (before == null || before.version() < change.version()) {
        unsent.add(change);
      }
    }
    return unsent;
  }

  /**
   * The read versions not sent before, in the order given; remembers them as sent. A document read
   * after it was listed may be newer than listed: the version read is the one remembered.
   */
  public List<Change> fresh(List<Change> read) {
    List<Change> fresh = new ArrayList<>();
    for (Change change : unsent(read)) {
      sent.put(change.id(), new Sent(change.version(), change.updatedAt()));
      fresh.add(change);
    }
    return fresh;
  }

  /**
   * Every listed change up to {@code listedUpTo} (an updated_at from the listing, not from a
   * document read later, which may be newer) has been handled: the next poll may start from one
   * overlap before it. Called only once a page is handled, so a failed poll repeats, never skips.
   */
  public void handledUpTo(long listedUpTo) {
    newest = Math.max(newest, listedUpTo);
    long horizon = since();
    sent.values().removeIf(version -> version.updatedAt() < horizon);
  }
}
