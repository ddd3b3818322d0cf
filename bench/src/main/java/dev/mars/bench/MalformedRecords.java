package dev.mars.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The workload's poison: records written straight to the events topic that are not events, at a
 * share of the event rate; each must end in the dead-letter topic, as it was written, with its
 * reason. Each record carries the run's tag, so that runs sharing a topic check their own.
 */
final class MalformedRecords implements AutoCloseable {

  private final String bootstrapServers;
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String tag;
  private final Set<String> values = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Thread thread;

  /** What the dead-letter topic holds of this run's records. */
  record DeadLetters(long written, long found, long missing, long withoutReason, long repeated) {
    boolean passed() {
      return missing == 0 && withoutReason == 0 && found == written;
    }
  }

  MalformedRecords(String bootstrapServers, String topic, String tag) {
    this.tag = tag;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  void start(double perSecond) {
    thread =
        new Thread(
            () -> {
              long start = System.nanoTime();
              while (running.get()) {
                long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
                while (written.get() < due) {
                  long n = written.incrementAndGet();
                  String value =
                      n % 2 == 0
                          ? "{\"app_id\":\"app-00\",\"message_id\":\"broken-" + tag + n + "\"}"
                          : "not json " + tag + n;
                  values.add(value);
                  producer.send(
                      new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)));
                }
                try {
                  Thread.sleep(100); // pacing
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "malformed");
    thread.start();
  }

  long written() {
    return written.get();
  }

  /** Stops writing and flushes what was written. */
  void stop() throws InterruptedException {
    running.set(false);
    thread.join();
    producer.flush();
  }

  /**
   * This run's records in the dead-letter topic, by content: each written one must be there with a
   * {@code mars.dlq.reason} header. Dead letters are written at least once, so a crash of the job
   * may repeat a few; those are counted, not failed.
   */
  DeadLetters deadLetters(String name) {
    Set<String> found = new java.util.HashSet<>();
    long[] withoutReason = {0};
    long[] repeated = {0};
    CommittedRecords.forEach(
        bootstrapServers,
        name,
        record -> {
          String value = new String(record.value(), StandardCharsets.UTF_8);
          if (!values.contains(value)) {
            return; // another run's
          }
          if (record.headers().lastHeader("mars.dlq.reason") == null) {
            withoutReason[0]++;
          }
          if (!found.add(value)) {
            repeated[0]++;
          }
        });
    long missing = values.stream().filter(v -> !found.contains(v)).count();
    return new DeadLetters(values.size(), found.size(), missing, withoutReason[0], repeated[0]);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
