package dev.mars.index;

import dev.mars.deadletter.DeadLetterTopic;
import dev.mars.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The dead-letter topic of documents Elasticsearch refused for what they hold: key = the document's
 * key (message or counter), value = the document, headers {@code mars.dlq.reason} and {@code
 * mars.dlq.source} ({@code index/id}), cut like every dead letter ({@link DeadLetterTopic#record}).
 * Written at least once: flushed with the sink. The producer is made at the first refusal: most
 * writers never have one, and an idle producer's thread still wakes and allocates.
 */
final class RefusedDocuments implements AutoCloseable {

  private final KafkaConnection kafka;
  private final String topic;
  private KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  RefusedDocuments(KafkaConnection kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      producer =
          new KafkaProducer<>(
              kafka.config(
                  Map.of(
                      ProducerConfig.ACKS_CONFIG,
                      "all",
                      // No client.id: each must be unique in the JVM; Kafka makes one.
                      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                      true)),
              new ByteArraySerializer(),
              new ByteArraySerializer());
    }
    return producer;
  }

  void send(BulkAction action, String reason) {
    ProducerRecord<byte[], byte[]> record =
        DeadLetterTopic.record(
            topic,
            action.key() == null ? null : action.key().getBytes(StandardCharsets.UTF_8),
            action.source(),
            reason,
            action.index() + "/" + action.id());
    producer()
        .send(
            record,
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
  }

  /** Waits until every dead letter sent so far is in Kafka. */
  void flush() throws IOException {
    if (producer != null) {
      producer.flush();
    }
    Exception e = failure.getAndSet(null);
    if (e != null) {
      throw new IOException("cannot write refused documents to " + topic, e);
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close();
    }
  }
}
