package dev.mars.progress;

import dev.mars.kafka.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Heartbeats: records the job writes into every partition of the events topic, each saying when it
 * was written. Read back in order with the events, a heartbeat proves that everything written to
 * its partition before it has been read: the job's watermark is built from them alone, so deadlines
 * follow what has really been read, through restarts and consumer lag, and still advance when no
 * events come at all.
 *
 * <p>Record: no key, value the epoch millis as text, header {@value #HEADER}.
 */
public final class Heartbeats {

  public static final String HEADER = "mars.heartbeat";

  private Heartbeats() {}

  /** Writes each tick, a partition and a time, to that partition of {@code topic}. */
  public static KafkaSink<PartitionTick> sink(KafkaConnection kafka, String topic) {
    return KafkaSink.<PartitionTick>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setKafkaProducerConfig(kafka.properties())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<PartitionTick>)
                (tick, context, timestamp) ->
                    new ProducerRecord<>(
                        topic,
                        tick.getPartition(),
                        tick.getWrittenAt(),
                        null,
                        String.valueOf(tick.getWrittenAt()).getBytes(StandardCharsets.US_ASCII),
                        new RecordHeaders(List.of(new RecordHeader(HEADER, new byte[] {'1'})))))
        .build();
  }
}
