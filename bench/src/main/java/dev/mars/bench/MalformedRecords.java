package dev.mars.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The workload's poison: records written straight to the events topic that are not events, at a
 * share of the event rate; each must end in the dead-letter topic.
 */
final class MalformedRecords implements AutoCloseable {

  private final String bootstrapServers;
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong written = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private Thread thread;

  MalformedRecords(String bootstrapServers, String topic) {
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
                  byte[] value =
                      (n % 2 == 0
                              ? "{\"app_id\":\"app-00\",\"message_id\":\"broken-" + n + "\"}"
                              : "not json " + n)
                          .getBytes(StandardCharsets.UTF_8);
                  producer.send(new ProducerRecord<>(topic, value));
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

  /** Records in a topic now: the sum of its partitions' end offsets. */
  long recordsIn(String name) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<TopicPartition> partitions =
          admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().stream()
              .map(p -> new TopicPartition(name, p.partition()))
              .collect(java.util.stream.Collectors.toSet());
      return admin
          .listOffsets(
              partitions.stream()
                  .collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
          .all()
          .get()
          .values()
          .stream()
          .mapToLong(info -> info.offset())
          .sum();
    }
  }

  /**
   * The distinct records in a topic, by value: dead letters are written at least once, so a crash
   * of the job may repeat a few, and each malformed record is different.
   */
  long distinctRecordsIn(String name) {
    try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
        new org.apache.kafka.clients.consumer.KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed"),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(name).stream()
              .map(p -> new TopicPartition(name, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Set<String> values = new java.util.HashSet<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
      }
      return values.size();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
