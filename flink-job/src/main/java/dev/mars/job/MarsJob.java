package dev.mars.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Mars's job: messages, counters and the job's own housekeeping, side by side. */
public final class MarsJob {

  private final MessagePipeline messages;
  private final CounterPipeline counters;
  private final HousekeepingPipeline housekeeping;

  public MarsJob(
      MessagePipeline messages, CounterPipeline counters, HousekeepingPipeline housekeeping) {
    this.messages = messages;
    this.counters = counters;
    this.housekeeping = housekeeping;
  }

  public static void main(String[] args) throws Exception {
    MarsJobConfig config = MarsJobConfig.load(args, System.getenv());
    config.prepareKafkaAndElasticsearch();
    MarsJob.fromConfig(config).build(config.environment()).execute("mars");
  }

  public static MarsJob fromConfig(MarsJobConfig config) {
    return new MarsJob(config.messagePipeline(), config.counterPipeline(), config.housekeeping());
  }

  /** Adds the pipelines to {@code env} and returns it, ready to execute. */
  public StreamExecutionEnvironment build(StreamExecutionEnvironment env) {
    messages.addTo(env);
    counters.addTo(env);
    housekeeping.addTo(env);
    return env;
  }
}
