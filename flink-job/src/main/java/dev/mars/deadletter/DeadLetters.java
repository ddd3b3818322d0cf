package dev.mars.deadletter;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends the dead letters of a parsed stream to their sink and passes the values on; heartbeats,
 * which have done their work in the source's watermarks, go no further.
 */
public final class DeadLetters {

  /**
   * Writers of each stream of dead letters. They are rare, and every writer is a Kafka producer
   * whose thread wakes and allocates even with nothing to send: one per stream, not one per
   * subtask.
   */
  public static final int WRITERS = 1;

  private DeadLetters() {}

  public static <T> DataStream<T> divert(
      DataStream<Parsed<T>> parsed,
      TypeInformation<T> valueType,
      Sink<DeadLetter> sink,
      String name) {
    OutputTag<DeadLetter> deadLetters =
        new OutputTag<>(name + "-dead-letters", Types.POJO(DeadLetter.class));
    SingleOutputStreamOperator<T> values =
        parsed
            .process(new Split<>(deadLetters), valueType)
            .setParallelism(parsed.getParallelism())
            .name(name + "-split-dead-letters")
            .uid(name + "-split-dead-letters");
    values
        .getSideOutput(deadLetters)
        .sinkTo(sink)
        .setParallelism(WRITERS)
        .name(name + "-dead-letter-topic")
        .uid(name + "-dead-letter-topic");
    return values;
  }

  private static final class Split<T> extends ProcessFunction<Parsed<T>, T> {
    private final OutputTag<DeadLetter> deadLetters;

    Split(OutputTag<DeadLetter> deadLetters) {
      this.deadLetters = deadLetters;
    }

    @Override
    public void processElement(Parsed<T> parsed, Context ctx, Collector<T> out) {
      if (parsed.getDeadLetter() != null) {
        ctx.output(deadLetters, parsed.getDeadLetter());
      } else if (parsed.getValue() != null) {
        out.collect(parsed.getValue());
      }
    }
  }
}
