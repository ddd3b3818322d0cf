package dev.mars.job;

import dev.mars.counter.CounterDocument;
import dev.mars.counter.CounterTotals;
import dev.mars.counter.Increment;
import dev.mars.counter.IncrementBatch;
import dev.mars.counter.RequestIdMemory;
import dev.mars.deadletter.DeadLetter;
import dev.mars.deadletter.DeadLetters;
import dev.mars.deadletter.Parsed;
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
 * Increments, keyed by counter, collected per processing-time window, summed into the counter's
 * keyed total, and written as the whole total: one write per counter per window.
 */
public final class CounterPipeline {

  private final Source<Parsed<Increment>, ?, ?> source;
  private final Sink<DeadLetter> deadLetters;
  private final Sink<CounterDocument> sink;
  private final Duration window;
  private final RequestIdMemory requestIds;

  public CounterPipeline(
      Source<Parsed<Increment>, ?, ?> source,
      Sink<DeadLetter> deadLetters,
      Sink<CounterDocument> sink,
      Duration window,
      RequestIdMemory requestIds) {
    this.source = source;
    this.deadLetters = deadLetters;
    this.sink = sink;
    this.window = window;
    this.requestIds = requestIds;
  }

  /** How long, and how many, request ids count once. */
  RequestIdMemory requestIds() {
    return requestIds;
  }

  public void addTo(StreamExecutionEnvironment env) {
    DataStream<IncrementBatch> batches =
        DeadLetters.divert(
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "increments")
                    .uid("increments-source"),
                Types.POJO(Increment.class),
                deadLetters,
                "increments")
            .keyBy(new ByKey())
            .window(TumblingProcessingTimeWindows.of(window))
            .aggregate(new IncrementBatch.Collect())
            .name("collect-increments")
            .uid("collect-increments");

    DataStreamUtils.reinterpretAsKeyedStream(batches, new BatchByKey(), Types.STRING)
        .process(new CounterTotals(requestIds))
        .name("counter-totals")
        .uid("counter-totals")
        .sinkTo(sink)
        .name("counter-index")
        .uid("counter-index");
  }

  private static final class ByKey implements KeySelector<Increment, String> {
    @Override
    public String getKey(Increment increment) {
      return increment.getKey();
    }
  }

  private static final class BatchByKey implements KeySelector<IncrementBatch, String> {
    @Override
    public String getKey(IncrementBatch batch) {
      return batch.key();
    }
  }
}
