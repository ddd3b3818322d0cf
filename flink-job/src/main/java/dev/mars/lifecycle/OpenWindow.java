package dev.mars.lifecycle;

import dev.mars.lifecycle.definition.Lifecycle;

/**
 * A message's window while it holds pending events: when it closes, which of its lifecycle's stages
 * the message holds with them, and whether the job held no state for the message when it opened
 * (its document is then looked up with the other such messages closing at the same time). A Flink
 * POJO.
 */
public class OpenWindow {

  private long closesAt;
  private long stages;

  public OpenWindow() {}

  OpenWindow(long closesAt) {
    this.closesAt = closesAt;
  }

  /** Notes that the message holds the {@code index}th stage of its lifecycle. */
  void holds(int index) {
    if (index >= 0 && index < Long.SIZE) {
      stages |= 1L << index;
    }
  }

  /**
   * Whether the message holds every stage of {@code lifecycle}: nothing more is expected, so there
   * is no reason to wait for the window's end. (A lifecycle of more than 64 stages never is.)
   */
  boolean holdsEvery(Lifecycle lifecycle) {
    int count = lifecycle.stages().size();
    return count < Long.SIZE && stages == (1L << count) - 1;
  }

  public long getClosesAt() {
    return closesAt;
  }

  public void setClosesAt(long closesAt) {
    this.closesAt = closesAt;
  }

  /** Bit i: the message holds stage i of its lifecycle. */
  public long getStages() {
    return stages;
  }

  public void setStages(long stages) {
    this.stages = stages;
  }
}
