package dev.mars.progress;

import dev.mars.kafka.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each tick, a partition and a time, into that partition of the events topic: the input's
 * progress. A heartbeat claims that every event Kafka acknowledged before its time is ahead of it,
 * so it must be written while it is fresh or not at all: one that Kafka has not taken within {@code
 * maxDelay} is dropped, never written late. While Kafka is away the heartbeats stop, and the gap
 * they leave is how the job knows Mars itself could not take events (see {@link
 * HeartbeatWatermarks}). At most once; never fails the job.
 */
public final class Heartbeats implements Sink<PartitionTick> {

  public static final String HEADER = "mars.heartbeat";

  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

  private final KafkaConnection kafka;
  private final String topic;
  private final long maxDelayMs;

  public Heartbeats(KafkaConnection kafka, String topic, Duration maxDelay) {
    if (maxDelay.toMillis() < 200) {
      throw new IllegalArgumentException("a heartbeat's max delay must be at least 200 ms");
    }
    this.kafka = kafka;
    this.topic = topic;
    this.maxDelayMs = maxDelay.toMillis();
  }

  @Override
  @SuppressWarnings("deprecation") // the one createWriter Flink 1.20 requires
  public SinkWriter<PartitionTick> createWriter(InitContext context) {
    return new Writer();
  }

  private final class Writer implements SinkWriter<PartitionTick> {
    private final KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.config(
                Map.of(
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    false,
                    ProducerConfig.LINGER_MS_CONFIG,
                    0,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) (maxDelayMs / 2),
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    (int) maxDelayMs,
                    // Never wait for Kafka on the task's thread: no metadata, no heartbeat.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    0)),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    private final AtomicLong dropped = new AtomicLong();
    private volatile long failingSince = -1;
    private volatile boolean written; // before the first, failures are start-up (no metadata yet)

    @Override
    public void write(PartitionTick tick, Context context) {
      if (System.currentTimeMillis() - tick.getWrittenAt() > maxDelayMs) {
        dropped(null); // made while the job was held up: too old to say anything true
        return;
      }
      try {
        producer.send(record(tick), (metadata, error) -> written(error));
      } catch (KafkaException e) {
        dropped(e);
      }
    }

    private void written(Exception error) {
      if (error != null) {
        dropped(error);
        return;
      }
      written = true;
      if (failingSince >= 0) {
        LOG.info(
            "Heartbeats written again after {} s ({} dropped): deadlines wait out the gap",
            (System.currentTimeMillis() - failingSince) / 1000,
            dropped.getAndSet(0));
        failingSince = -1;
      }
    }

    private void dropped(Exception error) {
      dropped.incrementAndGet();
      if (error != null && written && failingSince < 0) {
        failingSince = System.currentTimeMillis();
        LOG.warn("Heartbeats cannot be written ({}); deadlines wait", error.getMessage());
      }
    }

    @Override
    public void flush(boolean endOfInput) {
      // At most once: a heartbeat not written is simply not there.
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(1));
    }
  }

  private ProducerRecord<byte[], byte[]> record(PartitionTick tick) {
    return new ProducerRecord<>(
        topic,
        tick.getPartition(),
        tick.getWrittenAt(),
        null,
        String.valueOf(tick.getWrittenAt()).getBytes(StandardCharsets.US_ASCII),
        new RecordHeaders(List.of(new RecordHeader(HEADER, new byte[] {'1'}))));
  }
}
