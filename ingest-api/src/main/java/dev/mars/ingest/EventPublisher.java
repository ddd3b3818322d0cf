package dev.mars.ingest;

import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes events and increments to Kafka and completes only when the broker acknowledged every
 * record (acks=all, idempotent producer), or fails within the send timeout.
 */
@Component
public class EventPublisher implements DisposableBean {

  private final Producer<String, byte[]> producer;
  private final ObjectMapper json;
  private final IngestProperties properties;
  private final IngestMetrics metrics;

  public EventPublisher(IngestProperties properties, ObjectMapper json, IngestMetrics metrics) {
    this.properties = properties;
    this.json = json;
    this.metrics = metrics;
    long timeoutMs = properties.sendTimeout().toMillis();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                properties.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                (int) properties.linger().toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeoutMs,
                ProducerConfig.CLIENT_ID_CONFIG,
                "mars-ingest-api"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Completes with the number of events Kafka acknowledged; keyed by message_id. */
  public CompletableFuture<Integer> publish(List<Event> events) {
    return publish(properties.topic(), events, Event::messageId, EventJson::toBytes);
  }

  /** Completes once Kafka acknowledged the increment; keyed by the counter's key. */
  public CompletableFuture<Integer> publish(Increment increment) {
    return publish(
        properties.incrementsTopic(), List.of(increment), Increment::key, json::writeValueAsBytes);
  }

  /** One future for the whole request, completed by the last acknowledgement or the first error. */
  private <T> CompletableFuture<Integer> publish(
      String topic, List<T> values, Function<T, String> key, Function<T, byte[]> serializer) {
    Timer.Sample sample = Timer.start();
    CompletableFuture<Integer> all = new CompletableFuture<>();
    AtomicInteger pending = new AtomicInteger(values.size());
    Callback acknowledged =
        (metadata, error) -> {
          if (error != null) {
            all.completeExceptionally(error);
          } else if (pending.decrementAndGet() == 0) {
            all.complete(values.size());
          }
        };
    for (T value : values) {
      try {
        producer.send(
            new ProducerRecord<>(topic, key.apply(value), serializer.apply(value)), acknowledged);
      } catch (RuntimeException e) {
        all.completeExceptionally(e);
        break;
      }
    }
    return all.orTimeout(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((done, error) -> sample.stop(metrics.kafkaSend()));
  }

  /** Flushes what is buffered, waiting at most the send timeout, then closes. */
  @Override
  public void destroy() {
    producer.close(properties.sendTimeout());
  }
}
