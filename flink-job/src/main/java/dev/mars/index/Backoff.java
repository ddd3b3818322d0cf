package dev.mars.index;

/**
 * Waits between attempts at something that failed for a passing reason: twice as long each time,
 * from {@code initialMs} up to {@code maxMs}.
 */
public final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private long nextMs;
  private int attempts;

  public Backoff(long initialMs, long maxMs) {
    if (initialMs <= 0 || maxMs < initialMs) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial <= max, was " + initialMs + " and " + maxMs);
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.nextMs = initialMs;
  }

  /** Waits before the next attempt; an interrupt (the task being cancelled) ends the wait. */
  public void pause() throws InterruptedException {
    attempts++;
    Thread.sleep(nextMs);
    nextMs = Math.min(maxMs, nextMs * 2);
  }

  /** How many times it waited since it was created or last reset. */
  public int attempts() {
    return attempts;
  }
}
