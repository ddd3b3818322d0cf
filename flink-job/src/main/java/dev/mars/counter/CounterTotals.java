package dev.mars.counter;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each counter's total in keyed state and emits it whole after every window that changed it.
 * The total is checkpointed with the Kafka offsets, so a replay after a failure neither loses nor
 * double-counts an increment; a request id seen within {@code requestIdRetention} counts once.
 *
 * <p>The request ids a counter has seen are kept with the time each was first seen and swept on a
 * timer, {@link #SWEEPS_PER_RETENTION} times per retention. Not with Flink's state TTL: its
 * incremental cleanup checks whole maps on every access, and one counter's map holds every id of a
 * day; at 1,200 increments a second that was a tenth of the job's CPU, and growing.
 */
public class CounterTotals extends KeyedProcessFunction<String, IncrementBatch, CounterDocument> {

  static final int SWEEPS_PER_RETENTION = 24;

  private final long retentionMs;
  private final long sweepEveryMs;
  private transient ValueState<Long> total;
  private transient MapState<String, Long> seenRequests;

  public CounterTotals(Duration requestIdRetention) {
    this.retentionMs = requestIdRetention.toMillis();
    this.sweepEveryMs = Math.max(1, retentionMs / SWEEPS_PER_RETENTION);
  }

  @Override
  public void open(OpenContext openContext) {
    total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
    seenRequests =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("seen-request-times", Types.STRING, Types.LONG));
  }

  @Override
  public void processElement(IncrementBatch batch, Context ctx, Collector<CounterDocument> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    Long current = total.value();
    long sum = current == null ? 0 : current;
    boolean changed = current == null;
    boolean remembered = false;
    for (Increment increment : batch.getIncrements()) {
      String requestId = increment.getRequestId();
      if (requestId != null) {
        Long seenAt = seenRequests.get(requestId);
        if (seenAt != null && now - seenAt < retentionMs) {
          continue;
        }
        seenRequests.put(requestId, now);
        remembered = true;
      }
      sum += increment.getValue();
      changed = true;
    }
    if (remembered) {
      ctx.timerService().registerProcessingTimeTimer(nextSweep(now)); // one per key and time
    }
    if (!changed) {
      return;
    }
    total.update(sum);
    out.collect(new CounterDocument(ctx.getCurrentKey(), sum, now));
  }

  /** Forgets the request ids seen longer than the retention ago. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CounterDocument> out)
      throws Exception {
    boolean left = false;
    for (Iterator<Map.Entry<String, Long>> seen = seenRequests.iterator(); seen.hasNext(); ) {
      if (timestamp - seen.next().getValue() >= retentionMs) {
        seen.remove();
      } else {
        left = true;
      }
    }
    if (left) {
      ctx.timerService().registerProcessingTimeTimer(nextSweep(timestamp));
    } else {
      seenRequests.clear();
    }
  }

  private long nextSweep(long now) {
    return now - Math.floorMod(now, sweepEveryMs) + sweepEveryMs;
  }
}
