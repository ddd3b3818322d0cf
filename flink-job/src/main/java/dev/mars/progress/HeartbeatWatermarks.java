package dev.mars.progress;

import dev.mars.deadletter.Parsed;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks from heartbeats alone, per partition (the Kafka source keeps one generator a split and
 * emits their minimum): the watermark is the newest heartbeat read minus {@code allowedLateness},
 * the time an event may take from its created_at to Kafka and still count as on time. Events carry
 * their created_at as timestamp but never move the watermark, so a client's clock cannot.
 */
public final class HeartbeatWatermarks<T> implements WatermarkStrategy<Parsed<T>> {

  private final long allowedLatenessMs;

  public HeartbeatWatermarks(Duration allowedLateness) {
    this.allowedLatenessMs = allowedLateness.toMillis();
  }

  @Override
  public WatermarkGenerator<Parsed<T>> createWatermarkGenerator(
      WatermarkGeneratorSupplier.Context context) {
    return new Generator<>(allowedLatenessMs);
  }

  @Override
  public TimestampAssigner<Parsed<T>> createTimestampAssigner(
      TimestampAssignerSupplier.Context context) {
    return (parsed, recordTimestamp) ->
        parsed.getHeartbeat() != null ? parsed.getHeartbeat() : recordTimestamp;
  }

  static final class Generator<T> implements WatermarkGenerator<Parsed<T>> {
    private final long allowedLatenessMs;
    private long newest = Long.MIN_VALUE;

    Generator(long allowedLatenessMs) {
      this.allowedLatenessMs = allowedLatenessMs;
    }

    @Override
    public void onEvent(Parsed<T> parsed, long timestamp, WatermarkOutput output) {
      if (parsed.getHeartbeat() != null && parsed.getHeartbeat() > newest) {
        newest = parsed.getHeartbeat();
        output.emitWatermark(new Watermark(newest - allowedLatenessMs));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Emitted on each heartbeat; nothing to add between them.
    }
  }
}
