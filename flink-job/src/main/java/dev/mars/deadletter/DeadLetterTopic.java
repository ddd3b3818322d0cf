package dev.mars.deadletter;

import dev.mars.kafka.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * The most of a record's key or value a dead letter keeps: the producer's largest record is 1 MB
   * by default, and a record a client wrote with a larger limit (or compressed) must not fail the
   * job by not fitting. A cut dead letter says so in {@code mars.dlq.truncated} (the original
   * sizes).
   */
  static final int MAX_BYTES = 256 * 1024;

  static final int MAX_REASON_LENGTH = 1_000;

  public static final String TRUNCATED_HEADER = "mars.dlq.truncated";

  public static final String REASON_HEADER = "mars.dlq.reason";
  public static final String SOURCE_HEADER = "mars.dlq.source";

  private final KafkaConnection kafka;
  private final String topic;

  public DeadLetterTopic(KafkaConnection kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  /** Written at least once: flushed on every checkpoint. */
  public KafkaSink<DeadLetter> sink() {
    String target = topic;
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setKafkaProducerConfig(kafka.properties())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<DeadLetter>)
                (letter, context, timestamp) -> record(target, letter))
        .build();
  }

  static ProducerRecord<byte[], byte[]> record(String topic, DeadLetter letter) {
    return record(topic, letter.getKey(), letter.getValue(), letter.getReason(), letter.source());
  }

  /**
   * A dead letter as written to {@code topic}: key and value as they came (cut past {@link
   * #MAX_BYTES}), the reason and where it came from in headers.
   */
  public static ProducerRecord<byte[], byte[]> record(
      String topic, byte[] key, byte[] value, String reason, String source) {
    List<RecordHeader> headers = new ArrayList<>();
    headers.add(
        header(
            REASON_HEADER,
            reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason));
    headers.add(header(SOURCE_HEADER, source));
    boolean cut =
        (key != null && key.length > MAX_BYTES) || (value != null && value.length > MAX_BYTES);
    if (cut) {
      headers.add(
          header(
              TRUNCATED_HEADER,
              "key "
                  + (key == null ? 0 : key.length)
                  + ", value "
                  + (value == null ? 0 : value.length)));
    }
    return new ProducerRecord<>(
        topic, null, cut(key), cut(value), new RecordHeaders(headers.toArray(RecordHeader[]::new)));
  }

  private static byte[] cut(byte[] bytes) {
    return bytes == null || bytes.length <= MAX_BYTES ? bytes : Arrays.copyOf(bytes, MAX_BYTES);
  }

  private static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
