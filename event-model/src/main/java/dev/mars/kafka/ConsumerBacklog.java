package dev.mars.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a topic has grown, and how far behind it a consumer group's committed offsets are: for
 * the job's group on the events topic, the events it has not yet checkpointed (Mars's {@code
 * event_collector_queue}).
 */
public final class ConsumerBacklog {

  /** The records written so far (sum of end offsets), and those the group has not committed. */
  public record Progress(long written, long lag) {}

  private ConsumerBacklog() {}

  public static Progress read(Admin admin, String topic, String group, Duration timeout)
      throws ExecutionException, InterruptedException, TimeoutException {
    long ms = timeout.toMillis();
    int partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(ms, TimeUnit.MILLISECONDS)
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(ms, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(ms, TimeUnit.MILLISECONDS);
    long written = 0;
    long lag = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
      written += end.getValue().offset();
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return new Progress(written, lag);
  }
}
