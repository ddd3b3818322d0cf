package dev.mars.job;

import dev.mars.deadletter.DeadLetter;
import dev.mars.deadletter.DeadLetters;
import dev.mars.deadletter.Parsed;
import dev.mars.event.MessageEvent;
import dev.mars.lifecycle.CollectEvents;
import dev.mars.lifecycle.EventBatch;
import dev.mars.lifecycle.MessageDocument;
import dev.mars.lifecycle.MessageLifecycle;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingProcessingTimeWindows;

/**
 * Events, keyed by message, collected per processing-time window, merged into the message's keyed
 * state, and written as one document per message.
 */
public final class MessagePipeline {

  private final Source<Parsed<MessageEvent>, ?, ?> source;
  private final Sink<DeadLetter> deadLetters;
  private final Sink<MessageDocument> sink;
  private final Duration window;

  public MessagePipeline(
      Source<Parsed<MessageEvent>, ?, ?> source,
      Sink<DeadLetter> deadLetters,
      Sink<MessageDocument> sink,
      Duration window) {
    this.source = source;
    this.deadLetters = deadLetters;
    this.sink = sink;
    this.window = window;
  }

  public void addTo(StreamExecutionEnvironment env) {
    DataStream<EventBatch> batches =
        DeadLetters.divert(
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                    .uid("events-source"),
                Types.POJO(MessageEvent.class),
                deadLetters,
                "events")
            .keyBy(new ByMessage())
            .window(TumblingProcessingTimeWindows.of(window))
            .aggregate(new CollectEvents())
            .name("collect-window")
            .uid("collect-window");

    // The window's output is still partitioned by message: no second shuffle is needed.
    DataStreamUtils.reinterpretAsKeyedStream(batches, new BatchByMessage(), Types.STRING)
        .process(new MessageLifecycle())
        .name("message-lifecycle")
        .uid("message-lifecycle")
        .sinkTo(sink)
        .name("message-index")
        .uid("message-index");
  }

  private static final class ByMessage implements KeySelector<MessageEvent, String> {
    @Override
    public String getKey(MessageEvent event) {
      return event.messageKey();
    }
  }

  private static final class BatchByMessage implements KeySelector<EventBatch, String> {
    @Override
    public String getKey(EventBatch batch) {
      return batch.messageKey();
    }
  }
}
