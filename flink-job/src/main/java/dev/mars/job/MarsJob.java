package dev.mars.job;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Mars's job: the message pipeline and the counter pipeline, side by side. */
public final class MarsJob {

  private final MessagePipeline messages;
  private final CounterPipeline counters;

  public MarsJob(MessagePipeline messages, CounterPipeline counters) {
    this.messages = messages;
    this.counters = counters;
  }

  public static void main(String[] args) throws Exception {
    MarsJobConfig config = MarsJobConfig.load(args, System.getenv());
    config.createIndices();
    config.createDeadLetterTopics();
    MarsJob.fromConfig(config).build(config.environment()).execute("mars");
  }

  public static MarsJob fromConfig(MarsJobConfig config) {
    return new MarsJob(config.messagePipeline(), config.counterPipeline());
  }

  /** Adds both pipelines to {@code env} and returns it, ready to execute. */
  public StreamExecutionEnvironment build(StreamExecutionEnvironment env) {
    messages.addTo(env);
    counters.addTo(env);
    return env;
  }
}
