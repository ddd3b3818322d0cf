package dev.mars.job;

import dev.mars.kafka.KafkaConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The topics the job reads and writes: created when missing, at start. */
final class KafkaTopics implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 30;

  private final Admin admin;
  private final short replicationFactor;
  private final int minInsyncReplicas;

  /**
   * @param replicationFactor copies of each partition the job's topics get
   * @param minInsyncReplicas copies that must have a write before it is acknowledged
   */
  KafkaTopics(KafkaConnection kafka, int replicationFactor, int minInsyncReplicas) {
    if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "kafka.min-insync-replicas must be between 1 and kafka.replication-factor ("
              + replicationFactor
              + "), was "
              + minInsyncReplicas);
    }
    this.admin = Admin.create(kafka.config(Map.of()));
    this.replicationFactor = (short) replicationFactor;
    this.minInsyncReplicas = minInsyncReplicas;
  }

  /** Creates {@code topic} with {@code partitions} unless it exists. Safe from several starts. */
  void ensure(String topic, int partitions) throws InterruptedException {
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, partitions, replicationFactor)
                      .configs(Map.of("min.insync.replicas", String.valueOf(minInsyncReplicas)))))
          .all()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": Kafka did not answer");
    }
  }

  /** How many partitions {@code topic} has. */
  int partitions(String topic) throws InterruptedException {
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
