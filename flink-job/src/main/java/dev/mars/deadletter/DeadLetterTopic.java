package dev.mars.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A dead-letter topic: each unusable record as it came (key and value), with headers {@code
 * mars.dlq.reason} and {@code mars.dlq.source} (topic-partition@offset).
 */
public final class DeadLetterTopic {

  public static final String REASON_HEADER = "mars.dlq.reason";
  public static final String SOURCE_HEADER = "mars.dlq.source";

  private final String bootstrapServers;
  private final String topic;

  public DeadLetterTopic(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  /** Creates the topic unless it exists. Safe to call from every start. */
  public void ensureExists(int partitions) throws InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": Kafka did not answer");
    }
  }

  /** Written at least once: flushed on every checkpoint. */
  public KafkaSink<DeadLetter> sink() {
    String target = topic;
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(bootstrapServers)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<DeadLetter>)
                (letter, context, timestamp) ->
                    new ProducerRecord<>(
                        target,
                        null,
                        letter.getKey(),
                        letter.getValue(),
                        new RecordHeaders(
                            List.of(
                                new RecordHeader(
                                    REASON_HEADER,
                                    letter.getReason().getBytes(StandardCharsets.UTF_8)),
                                new RecordHeader(
                                    SOURCE_HEADER,
                                    letter.source().getBytes(StandardCharsets.UTF_8))))))
        .build();
  }
}
