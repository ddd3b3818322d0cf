package dev.mars.job;

import dev.mars.progress.PartitionTick;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The job's clock: every tick writes a heartbeat into each partition of the events topic (the
 * input's progress, see {@code dev.mars.progress}) and lets index retention look at the time. One
 * subtask.
 */
public final class HousekeepingPipeline {

  private final Source<Long, ?, ?> clock;
  private final int partitions;
  private final Sink<PartitionTick> heartbeats;
  private final Sink<Long> retention;

  /**
   * @param clock ticks, each the time it was made
   * @param partitions the events topic's partitions
   */
  public HousekeepingPipeline(
      Source<Long, ?, ?> clock,
      int partitions,
      Sink<PartitionTick> heartbeats,
      Sink<Long> retention) {
    this.clock = clock;
    this.partitions = partitions;
    this.heartbeats = heartbeats;
    this.retention = retention;
  }

  public void addTo(StreamExecutionEnvironment env) {
    DataStream<Long> ticks =
        env.fromSource(clock, WatermarkStrategy.noWatermarks(), "clock")
            .setParallelism(1)
            .uid("clock");
    ticks
        .flatMap(new ToEveryPartition(partitions))
        .returns(Types.POJO(PartitionTick.class))
        .setParallelism(1)
        .name("heartbeat-every-partition")
        .uid("heartbeat-every-partition")
        .sinkTo(heartbeats)
        .setParallelism(1)
        .name("heartbeats")
        .uid("heartbeats");
    ticks.sinkTo(retention).setParallelism(1).name("index-retention").uid("index-retention");
  }

  private static final class ToEveryPartition implements FlatMapFunction<Long, PartitionTick> {
    private final int partitions;

    ToEveryPartition(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public void flatMap(Long tick, Collector<PartitionTick> out) {
      for (int partition = 0; partition < partitions; partition++) {
        out.collect(new PartitionTick(partition, tick));
      }
    }
  }
}
