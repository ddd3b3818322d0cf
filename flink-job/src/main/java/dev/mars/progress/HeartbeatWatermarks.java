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
 *
 * <p>Ingest refusing while Kafka is up (its own limits, a slow Kafka) leaves no gap: ingest writes
 * a {@code RefusalNotice} instead, and the watermark stays where it was when the notice is read
 * until heartbeats reach the refusal plus {@code outage.retry-budget}. A hold never lasts more than
 * {@code outage.max-hold} plus the retry budget from where it began, whatever notices keep coming
 * (whoever can write the topic directly could send them).
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
    private boolean holding;
    private long heldAt = Long.MIN_VALUE;
    private long holdUntil = Long.MIN_VALUE;
    private long holdLimit = Long.MAX_VALUE;

    Generator(long allowedLatenessMs, Outages outages) {
      this.allowedLatenessMs = allowedLatenessMs;
      this.outages = outages;
    }

    @Override
    public void onEvent(Parsed<T> parsed, long timestamp, WatermarkOutput output) {
      Long refusedAt = parsed.getRefusedAt();
      if (refusedAt != null) {
        hold(refusedAt + outages.retryBudget().toMillis(), "ingest refused events", true);
        return;
      }
      Long heartbeat = parsed.getHeartbeat();
      if (heartbeat == null || heartbeat <= newest) {
        return;
      }
      if (newest != Long.MIN_VALUE && heartbeat - newest > outages.threshold().toMillis()) {
        long gap = heartbeat - newest;
        hold(
            heartbeat
                + Math.min(gap, outages.maxHold().toMillis())
                + outages.retryBudget().toMillis(),
            "no heartbeat for " + gap / 1000 + " s (Mars could not take events)",
            false);
      }
      newest = heartbeat;
      if (holding && newest >= holdUntil) {
        holding = false;
      }
      if (newest != Long.MIN_VALUE) {
        output.emitWatermark(new Watermark(holding ? heldAt : newest - allowedLatenessMs));
      }
    }

    /**
     * Keeps the watermark where it stands until heartbeats reach {@code until}; a notice's hold
     * ({@code bounded}) no further than max-hold and the budget from where the hold began.
     */
    private void hold(long until, String why, boolean bounded) {
      if (!holding) {
        holding = true;
        // Where the watermark stood when the trouble began.
        heldAt = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - allowedLatenessMs;
        holdUntil = Long.MIN_VALUE;
        holdLimit =
            newest == Long.MIN_VALUE
                ? Long.MAX_VALUE
                : newest + outages.maxHold().toMillis() + outages.retryBudget().toMillis();
      }
      holdUntil = Math.max(holdUntil, bounded ? Math.min(until, holdLimit) : until);
      if (ANNOUNCED_UNTIL.getAndAccumulate(until, Math::max) < until - 10_000) {
        LOG.info(
            "{}: deadlines after {} wait until {}, for refused clients to deliver",
            why,
            heldAt == Long.MIN_VALUE ? "now" : Instant.ofEpochMilli(heldAt + allowedLatenessMs),
            Instant.ofEpochMilli(holdUntil));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Emitted on each heartbeat; nothing to add between them.
    }
  }
}
