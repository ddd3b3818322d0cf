package dev.mars.counter;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each counter's total in keyed state and emits it whole after every window that changed it.
 * The total is checkpointed with the Kafka offsets, so a replay after a failure neither loses nor
 * double-counts an increment; a request id seen within {@code requestIdRetention} counts once.
 */
public class CounterTotals extends KeyedProcessFunction<String, IncrementBatch, CounterDocument> {

  private final Duration requestIdRetention;
  private transient ValueState<Long> total;
  private transient MapState<String, Boolean> seenRequests;

  public CounterTotals(Duration requestIdRetention) {
    this.requestIdRetention = requestIdRetention;
  }

  @Override
  public void open(OpenContext openContext) {
    total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Types.LONG));
    MapStateDescriptor<String, Boolean> seen =
        new MapStateDescriptor<>("seen-requests", Types.STRING, Types.BOOLEAN);
    seen.enableTimeToLive(StateTtlConfig.newBuilder(requestIdRetention).build());
    seenRequests = getRuntimeContext().getMapState(seen);
  }

  @Override
  public void processElement(IncrementBatch batch, Context ctx, Collector<CounterDocument> out)
      throws Exception {
    Long current = total.value();
    long sum = current == null ? 0 : current;
    boolean changed = current == null;
    for (Increment increment : batch.getIncrements()) {
      String requestId = increment.getRequestId();
      if (requestId != null) {
        if (seenRequests.contains(requestId)) {
          continue;
        }
        seenRequests.put(requestId, true);
      }
      sum += increment.getValue();
      changed = true;
    }
    if (!changed) {
      return;
    }
    total.update(sum);
    out.collect(
        new CounterDocument(ctx.getCurrentKey(), sum, ctx.timerService().currentProcessingTime()));
  }
}
