package dev.mars.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;
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
