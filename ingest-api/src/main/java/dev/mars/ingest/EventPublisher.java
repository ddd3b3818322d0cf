package dev.mars.ingest;

import dev.mars.kafka.RefusalNotice;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
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
    this.producer =
        new KafkaProducer<>(
            properties
                .kafka()
                .config(
                    Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        (int) properties.linger().toMillis(),
                        // send() never waits: a request's thread (a gRPC event loop, a Tomcat
                        // worker) is
                        // not held while Kafka is away; without metadata or buffer space the
                        // request gets
                        // 503 at once, and otherwise waits for its acknowledgement off-thread.
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        0,
                        // Keep the partitions it knows while Kafka is away (Kafka 4 forgets them
                        // and
                        // starts over from bootstrap.servers): requests then wait for Kafka's
                        // return,
                        // up to the send timeout, instead of failing at once on a short outage.
                        CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG,
                        "none",
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "mars-ingest-api")),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** Completes with the number of events Kafka acknowledged; keyed by message_id. */
  public CompletableFuture<Integer> publish(List<Event> events) {
    return publish(properties.topic(), events, Event::messageId, EventJson::toBytes);
  }

  /**
   * Writes a {@link RefusalNotice} to the events topic's first partition, at most once: false when
   * the producer could not even take it (no metadata, a full buffer).
   */
  boolean publishRefusalNotice(long refusedAt) {
    ProducerRecord<String, byte[]> notice =
        new ProducerRecord<>(properties.topic(), 0, null, RefusalNotice.value(refusedAt));
    notice.headers().add(RefusalNotice.HEADER, new byte[0]);
    try {
      producer.send(notice);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Completes once Kafka acknowledged every increment; keyed by the counter's key. */
  public CompletableFuture<Integer> publishIncrements(List<Increment> increments) {
    return publish(
        properties.incrementsTopic(), increments, Increment::key, json::writeValueAsBytes);
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

  /**
   * Fetches the topics' metadata, which send() no longer waits for, before traffic arrives; gives
   * up quietly after {@code patience} (Kafka away: requests get 503 until it is back).
   */
  public boolean fetchMetadata(java.time.Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    for (String topic : List.of(properties.topic(), properties.incrementsTopic())) {
      while (true) {
        try {
          producer.partitionsFor(topic);
          break;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          Thread.sleep(50); // polls the producer's own background fetch; no event to wait on
        }
      }
    }
    return true;
  }

  /** Flushes what is buffered, waiting at most the send timeout, then closes. */
  @Override
  public void destroy() {
    producer.close(properties.sendTimeout());
  }
}
