package dev.mars.counter;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each counter's total in keyed state and emits it whole after every window that changed it.
 * The total is checkpointed with the Kafka offsets, so a replay after a failure neither loses nor
 * double-counts an increment; a request id seen within the retention counts once.
 *
 * <p>The request ids a counter has seen are kept with the time each was first seen and swept on a
 * timer, {@link #SWEEPS_PER_RETENTION} times per retention. Not with Flink's state TTL: its
 * incremental cleanup checks whole maps on every access; at 1,200 increments a second that was a
 * tenth of the job's CPU. A counter remembers at most {@link RequestIdMemory#maxPerCounter()} ids:
 * at that many, a new one first makes it forget the quarter it saw longest ago, so no client can
 * grow the state without bound by sending distinct ids.
 */
public class CounterTotals extends KeyedProcessFunction<String, IncrementBatch, CounterDocument> {

  static final int SWEEPS_PER_RETENTION = 24;
  private static final Logger LOG = LoggerFactory.getLogger(CounterTotals.class);
  private static final long LOG_EVERY_MS = 60_000;

  private final long retentionMs;
  private final long sweepEveryMs;
  private final int maxPerCounter;
  private transient ValueState<Long> total;
  private transient MapState<String, Long> seenRequests;
  private transient ValueState<Integer> remembered;
  private transient Counter forgottenEarly;
  private transient long loggedAt;

  public CounterTotals(RequestIdMemory memory) {
    this.retentionMs = memory.retention().toMillis();
    this.sweepEveryMs = Math.max(1, retentionMs / SWEEPS_PER_RETENTION);
    this.maxPerCounter = memory.maxPerCounter();
  }

  @Override
  public void open(OpenContext openContext) {
    total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
    seenRequests =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("seen-request-times", Types.STRING, Types.LONG));
    remembered =
        getRuntimeContext().getState(new ValueStateDescriptor<>("remembered-requests", Types.INT));
    forgottenEarly = getRuntimeContext().getMetricGroup().counter("requestIdsForgottenEarly");
    loggedAt = Long.MIN_VALUE;
  }

  @Override
  public void processElement(IncrementBatch batch, Context ctx, Collector<CounterDocument> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    Long current = total.value();
    long sum = current == null ? 0 : current;
    boolean changed = current == null;
    int count = -1; // read once a batch needs it
    for (Increment increment : batch.getIncrements()) {
      String requestId = increment.getRequestId();
      if (requestId != null) {
        Long seenAt = seenRequests.get(requestId);
        if (seenAt != null && now - seenAt < retentionMs) {
          continue;
        }
        if (seenAt == null) {
          count = count < 0 ? rememberedCount() : count;
          if (count >= maxPerCounter) {
            count = forgetOldestQuarter(count, ctx.getCurrentKey(), now);
          }
          count++;
        }
        seenRequests.put(requestId, now);
      }
      sum += increment.getValue();
      changed = true;
    }
    if (count >= 0) {
      remembered.update(count);
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
    int left = 0;
    for (Iterator<Map.Entry<String, Long>> seen = seenRequests.iterator(); seen.hasNext(); ) {
      if (timestamp - seen.next().getValue() >= retentionMs) {
        seen.remove();
      } else {
        left++;
      }
    }
    if (left > 0) {
      remembered.update(left);
      ctx.timerService().registerProcessingTimeTimer(nextSweep(timestamp));
    } else {
      seenRequests.clear();
      remembered.clear();
    }
  }

  /** The ids this counter remembers; counted once for state written before the count was kept. */
  private int rememberedCount() throws Exception {
    Integer count = remembered.value();
    if (count != null) {
      return count;
    }
    int counted = 0;
    for (Iterator<String> ids = seenRequests.keys().iterator(); ids.hasNext(); ids.next()) {
      counted++;
    }
    return counted;
  }

  /**
   * Forgets the quarter of this counter's ids seen longest ago (at least one); returns how many it
   * remembers then.
   */
  private int forgetOldestQuarter(int count, String counter, long now) throws Exception {
    long[] times = new long[count];
    int n = 0;
    for (Long seenAt : seenRequests.values()) {
      if (n == times.length) {
        times = Arrays.copyOf(times, 2 * n + 1);
      }
      times[n++] = seenAt;
    }
    Arrays.sort(times, 0, n);
    int quarter = Math.max(1, n / 4);
    long cutoff = times[quarter - 1];
    int atCutoff = quarter - (int) Arrays.stream(times, 0, quarter).filter(t -> t < cutoff).count();
    int forgotten = 0;
    for (Iterator<Long> seen = seenRequests.values().iterator(); seen.hasNext(); ) {
      long seenAt = seen.next();
      if (seenAt < cutoff || (seenAt == cutoff && atCutoff-- > 0)) {
        seen.remove();
        forgotten++;
      }
    }
    forgottenEarly.inc(forgotten);
    if (now - loggedAt >= LOG_EVERY_MS) {
      loggedAt = now;
      LOG.warn(
          "Counter {} reached its limit of {} request ids (counters.request-ids.max-per-counter)"
              + " within the {} ms it keeps them: forgot the {} seen longest ago, the youngest"
              + " of them {} ms old; a retry of one of those counts again (at most one line a"
              + " minute; metric requestIdsForgottenEarly)",
          counter,
          maxPerCounter,
          retentionMs,
          forgotten,
          now - cutoff);
    }
    return n - forgotten;
  }

  private long nextSweep(long now) {
    return now - Math.floorMod(now, sweepEveryMs) + sweepEveryMs;
  }
}
