package dev.mars.stats;

import dev.mars.alert.KafkaProperties;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

/** How far the events topic has grown, and how far behind it the job's committed offsets are. */
@Component
public class KafkaProgress implements AutoCloseable {

  /** The events written so far (sum of end offsets), and those the job has not committed. */
  public record Progress(long written, long lag) {}

  private final KafkaProperties properties;
  private final Admin admin;

  public KafkaProgress(KafkaProperties properties) {
    this.properties = properties;
    Properties config = properties.kafka().properties();
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "mars-dashboard-stats");
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
    int timeout = (int) properties.timeout().toMillis();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    this.admin = Admin.create(config);
  }

  public Progress read() throws ExecutionException, InterruptedException, TimeoutException {
    long timeout = properties.timeout().toMillis();
    String topic = properties.eventsTopic();
    int partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(timeout, TimeUnit.MILLISECONDS)
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(properties.jobGroup())
            .partitionsToOffsetAndMetadata()
            .get(timeout, TimeUnit.MILLISECONDS);
    long written = 0;
    long lag = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
      written += end.getValue().offset();
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return new Progress(written, lag);
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(1));
  }
}
