package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Collects a window's events of one message into one batch, so the message is written once. */
public final class CollectEvents
    implements AggregateFunction<MessageEvent, EventBatch, EventBatch> {

  @Override
  public EventBatch createAccumulator() {
    return new EventBatch();
  }

  @Override
  public EventBatch add(MessageEvent event, EventBatch batch) {
    batch.add(event);
    return batch;
  }

  @Override
  public EventBatch getResult(EventBatch batch) {
    return batch;
  }

  @Override
  public EventBatch merge(EventBatch a, EventBatch b) {
    a.addAll(b);
    return a;
  }
}
