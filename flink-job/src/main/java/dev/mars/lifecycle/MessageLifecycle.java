package dev.mars.lifecycle;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each message's state across windows and emits its whole document whenever a window brings
 * something new: one state update and one write per message per window.
 */
public class MessageLifecycle extends KeyedProcessFunction<String, EventBatch, MessageDocument> {

  private transient ValueState<MessageState> state;
  private transient Counter eventsIn;
  private transient Counter documentsWritten;

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("message", TypeInformation.of(MessageState.class)));
    // eventsIn / documentsWritten is what windowing saves in Elasticsearch writes.
    eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
    documentsWritten = getRuntimeContext().getMetricGroup().counter("documentsWritten");
  }

  @Override
  public void processElement(EventBatch batch, Context ctx, Collector<MessageDocument> out)
      throws Exception {
    eventsIn.inc(batch.getEvents().size());
    MessageState message = state.value();
    if (message == null) {
      var first = batch.getEvents().get(0);
      message = new MessageState(first.getAppId(), first.getMessageId());
    }
    if (!message.addAll(batch.getEvents())) {
      return;
    }
    state.update(message);
    documentsWritten.inc();
    out.collect(MessageDocument.of(message, ctx.timerService().currentProcessingTime()));
  }
}
