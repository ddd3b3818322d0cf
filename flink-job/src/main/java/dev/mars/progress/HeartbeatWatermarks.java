package dev.mars.progress;

import dev.mars.deadletter.Parsed;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watermarks from heartbeats alone, per partition (the Kafka source keeps one generator a split and
 * emits their minimum): the watermark is the newest heartbeat read minus {@code allowedLateness},
 * the time an event may take from its created_at to Kafka and still count as on time. Events carry
 * their created_at as timestamp but never move the watermark, so a client's clock cannot.
 *
 * <p>Mars's own outages: heartbeats are written fresh or not at all ({@link Heartbeats}), so while
 * Kafka cannot take writes they stop, and the next one read after a gap longer than {@code
 * outage.threshold} marks an outage. Clients were refused for its length and are retrying: the
 * watermark stays where it was before the gap until heartbeats reach the gap's end plus its length
 * (at most {@code outage.max-hold}) plus {@code outage.retry-budget}. A stage delivered within that
 * is judged as if Mars had never been away; deadlines that ran out meanwhile are judged then.
 */
public final class HeartbeatWatermarks<T> implements WatermarkStrategy<Parsed<T>> {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWatermarks.class);

  /** Holds announced so far, across splits: one log line for an outage, not one per partition. */
  private static final AtomicLong ANNOUNCED_UNTIL = new AtomicLong(Long.MIN_VALUE);

  private final long allowedLatenessMs;
  private final Outages outages;

  /**
   * How outages are told and waited out.
   *
   * @param threshold a gap between heartbeats longer than this is an outage
   * @param retryBudget how long after an outage (besides its length) clients get to deliver
   * @param maxHold the most an outage's length adds to the hold
   */
  public record Outages(Duration threshold, Duration retryBudget, Duration maxHold)
      implements java.io.Serializable {}

  public HeartbeatWatermarks(Duration allowedLateness, Outages outages) {
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.outages = outages;
  }

  @Override
  public WatermarkGenerator<Parsed<T>> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    return new Generator<>(allowedLatenessMs, outages);
  }

  @Override
  public TimestampAssigner<Parsed<T>> createTimestampAssigner(
      TimestampAssignerSupplier.Context context) {
    return (parsed, recordTimestamp) ->
        parsed.getHeartbeat() != null ? parsed.getHeartbeat() : recordTimestamp;
  }

  static final class Generator<T> implements WatermarkGenerator<Parsed<T>> {
    private final long allowedLatenessMs;
    private final Outages outages;
    private long newest = Long.MIN_VALUE;
    private long heldAt = Long.MIN_VALUE;
    private long holdUntil = Long.MIN_VALUE;

    Generator(long allowedLatenessMs, Outages outages) {
      this.allowedLatenessMs = allowedLatenessMs;
      this.outages = outages;
    }

    @Override
    public void onEvent(Parsed<T> parsed, long timestamp, WatermarkOutput output) {
      Long heartbeat = parsed.getHeartbeat();
      if (heartbeat == null || heartbeat <= newest) {
        return;
      }
      if (newest != Long.MIN_VALUE && heartbeat - newest > outages.threshold().toMillis()) {
        hold(heartbeat);
      }
      newest = heartbeat;
      if (holding() && newest >= holdUntil) {
        heldAt = Long.MIN_VALUE;
      }
      output.emitWatermark(new Watermark(holding() ? heldAt : newest - allowedLatenessMs));
    }

    private void hold(long resumedAt) {
      long gap = resumedAt - newest;
      if (!holding()) {
        heldAt = newest - allowedLatenessMs; // where the watermark stood when the gap began
      }
      long until =
          resumedAt
              + Math.min(gap, outages.maxHold().toMillis())
              + outages.retryBudget().toMillis();
      holdUntil = Math.max(holdUntil, until);
      if (ANNOUNCED_UNTIL.getAndAccumulate(until, Math::max) < until - 10_000) {
        LOG.info(
            "No heartbeat for {} s (Mars could not take events): deadlines after {} wait until"
                + " {}, for refused clients to deliver",
            gap / 1000,
            Instant.ofEpochMilli(heldAt + allowedLatenessMs),
            Instant.ofEpochMilli(holdUntil));
      }
    }

    private boolean holding() {
      return heldAt != Long.MIN_VALUE;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Emitted on each heartbeat; nothing to add between them.
    }
  }
}
