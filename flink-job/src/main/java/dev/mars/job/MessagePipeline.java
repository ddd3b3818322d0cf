package dev.mars.job;

import dev.mars.deadletter.DeadLetter;
import dev.mars.deadletter.DeadLetters;
import dev.mars.deadletter.Parsed;
import dev.mars.event.MessageEvent;
import dev.mars.lifecycle.MessageDocument;
import dev.mars.lifecycle.MessageLifecycle;
import dev.mars.lifecycle.StatusChange;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Events, keyed by message, through the message's lifecycle (window, state, deadlines): one
 * document per message, and the changes of its status.
 */
public final class MessagePipeline {

  private final Source<Parsed<MessageEvent>, ?, ?> source;
  private final WatermarkStrategy<Parsed<MessageEvent>> progress;
  private final int sourceParallelism;
  private final Sink<DeadLetter> deadLetters;
  private final MessageLifecycle lifecycle;
  private final Sink<MessageDocument> documents;
  private final Sink<StatusChange> statusChanges;

  /**
   * @param progress the watermarks deadlines follow
   * @param sourceParallelism at most the topic's partitions: a reader without one would hold the
   *     watermark back for good
   */
  public MessagePipeline(
      Source<Parsed<MessageEvent>, ?, ?> source,
      WatermarkStrategy<Parsed<MessageEvent>> progress,
      int sourceParallelism,
      Sink<DeadLetter> deadLetters,
      MessageLifecycle lifecycle,
      Sink<MessageDocument> documents,
      Sink<StatusChange> statusChanges) {
    this.source = source;
    this.progress = progress;
    this.sourceParallelism = sourceParallelism;
    this.deadLetters = deadLetters;
    this.lifecycle = lifecycle;
    this.documents = documents;
    this.statusChanges = statusChanges;
  }

  public void addTo(StreamExecutionEnvironment env) {
    SingleOutputStreamOperator<MessageDocument> messages =
        DeadLetters.divert(
                env.fromSource(source, progress, "events")
                    .setParallelism(Math.min(sourceParallelism, env.getParallelism()))
                    .uid("events-source"),
                Types.POJO(MessageEvent.class),
                deadLetters,
                "events")
            .keyBy(new ByMessage())
            .process(lifecycle)
            .name("message-lifecycle")
            .uid("message-lifecycle");
    messages.sinkTo(documents).name("message-index").uid("message-index");
    messages
        .getSideOutput(MessageLifecycle.DROPPED_EVENTS)
        .sinkTo(deadLetters)
        .setParallelism(DeadLetters.WRITERS)
        .name("dropped-events-dead-letter-topic")
        .uid("dropped-events-dead-letter-topic");
    messages
        .getSideOutput(MessageLifecycle.STATUS_CHANGES)
        .sinkTo(statusChanges)
        .name("alerts-topic")
        .uid("alerts-topic");
  }

  private static final class ByMessage implements KeySelector<MessageEvent, String> {
    @Override
    public String getKey(MessageEvent event) {
      return event.messageKey();
    }
  }
}
