package dev.mars.bench;

import java.util.List;

/**
 * How long a fault held the pipeline back, from the latency probes: normal is the p99
 * created→searchable latency of the probes found before the fault (doubled, and at least a second
 * more; those still on their way when it struck are the fault's); the pipeline has recovered once
 * the last event that took longer than that became searchable. Counted from the fault.
 */
final class Recovery {

  /** One probe: when its event was created, and how long until it was searchable. */
  record Sample(long createdAt, long latencyMs) {}

  /** What the probes say about a fault at {@code faultAt}. */
  record Result(long normalMs, long recoveredAfterMs, long slowed) {}

  private Recovery() {}

  static Result after(long faultAt, List<Sample> samples) {
    long[] before =
        samples.stream()
            .filter(s -> s.latencyMs() != Long.MAX_VALUE && s.createdAt() + s.latencyMs() < faultAt)
            .mapToLong(Sample::latencyMs)
            .sorted()
            .toArray();
    long p99 = before.length == 0 ? 0 : before[(int) Math.ceil(before.length * 0.99) - 1];
    long normal = Math.max(2 * p99, p99 + 1_000);
    long recoveredAt = faultAt;
    long slowed = 0;
    for (Sample sample : samples) {
      if (sample.latencyMs() > normal && sample.createdAt() + normal >= faultAt) {
        slowed++;
        long searchableAt =
            sample.latencyMs() == Long.MAX_VALUE
                ? Long.MAX_VALUE
                : sample.createdAt() + sample.latencyMs();
        recoveredAt = Math.max(recoveredAt, searchableAt);
      }
    }
    return new Result(normal, recoveredAt == Long.MAX_VALUE ? -1 : recoveredAt - faultAt, slowed);
  }
}
