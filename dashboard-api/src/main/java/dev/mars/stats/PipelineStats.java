package dev.mars.stats;

import dev.mars.kafka.ConsumerBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The pipeline's figures, every second to {@code /topic/stats} and on {@code GET /api/stats}:
 * events accepted per second (growth of the events topic, heartbeats included), the job's consumer
 * lag (as of its last checkpoint, when it commits offsets), documents written per second and
 * end-to-end latency (a document's updated_at minus its last_seen: the newest event's created_at to
 * its write), both from the versions the live feed saw in the last ten seconds, and the number of
 * stuck messages.
 */
@Component
public class PipelineStats {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineStats.class);
  private static final int WINDOW_SECONDS = 10;

  private final KafkaProgress kafka;
  private final StuckCount stuck;
  private final SimpMessagingTemplate stomp;
  private final Deque<long[]> latencyBySecond = new ArrayDeque<>();
  private long[] currentSecond = new long[64];
  private int currentCount;
  private ConsumerBacklog.Progress lastProgress;
  private long lastProgressAt;
  private boolean kafkaFailing;
  private volatile Map<String, Object> latest = Map.of("status", "starting");
  private final Timer latency;
  private volatile double stuckNow = Double.NaN;
  private volatile double lagNow = Double.NaN;

  public PipelineStats(
      KafkaProgress kafka, StuckCount stuck, SimpMessagingTemplate stomp, MeterRegistry meters) {
    this.kafka = kafka;
    this.stuck = stuck;
    this.stomp = stomp;
    this.latency =
        Timer.builder("mars.pipeline.latency")
            .description(
                "From a message's newest event (created_at) to the document version with it being"
                    + " written to Elasticsearch, as the live feed finds them")
            .publishPercentileHistogram()
            .register(meters);
    Gauge.builder("mars.pipeline.stuck", () -> stuckNow)
        .description("Messages stuck now (NaN while Elasticsearch cannot say)")
        .register(meters);
    Gauge.builder("mars.pipeline.consumer.lag", () -> lagNow)
        .description("Events in Kafka the job has not checkpointed (NaN while Kafka cannot say)")
        .register(meters);
  }

  /**
   * A document version the live feed found, by its updated_at and last_seen (epoch ms; 0 when the
   * document has none).
   */
  public synchronized void versionSeen(long updatedAt, long lastSeen) {
    if (updatedAt == 0 || lastSeen == 0) {
      return;
    }
    long latency = updatedAt - lastSeen;
    if (currentCount == currentSecond.length) {
      currentSecond = Arrays.copyOf(currentSecond, currentCount * 2);
    }
    currentSecond[currentCount++] = latency;
    this.latency.record(Math.max(0, latency), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public Map<String, Object> latest() {
    return latest;
  }

  @Scheduled(fixedRate = 1000)
  public void publish() {
    long now = System.currentTimeMillis();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("at", Instant.ofEpochMilli(now).toString());
    readKafka(now, stats);
    synchronized (this) {
      latencyBySecond.addLast(Arrays.copyOf(currentSecond, currentCount));
      currentCount = 0;
      while (latencyBySecond.size() > WINDOW_SECONDS) {
        latencyBySecond.removeFirst();
      }
      long[] window = latencyBySecond.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      stats.put("documents_written_per_s", (double) window.length / latencyBySecond.size());
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("p50", percentile(window, 50));
      latency.put("p95", percentile(window, 95));
      latency.put("p99", percentile(window, 99));
      stats.put("end_to_end_latency_ms", latency);
    }
    Long stuckCount = stuck.count().orElse(null);
    stuckNow = stuckCount == null ? Double.NaN : stuckCount;
    stats.put("stuck", stuckCount);
    latest = stats;
    stomp.convertAndSend("/topic/stats", (Object) stats);
  }

  private void readKafka(long now, Map<String, Object> stats) {
    try {
      ConsumerBacklog.Progress progress = kafka.read();
      if (lastProgress != null && now > lastProgressAt) {
        stats.put(
            "events_accepted_per_s",
            (progress.written() - lastProgress.written()) * 1000.0 / (now - lastProgressAt));
      } else {
        stats.put("events_accepted_per_s", null);
      }
      stats.put("consumer_lag", progress.lag());
      lagNow = progress.lag();
      stats.put("event_collector_queue", progress.lag()); // Mars's name for the backlog
      stats.put("kafka", "up");
      lastProgress = progress;
      lastProgressAt = now;
      if (kafkaFailing) {
        LOG.info("Reading pipeline figures from Kafka again");
        kafkaFailing = false;
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      stats.put("events_accepted_per_s", null);
      stats.put("consumer_lag", null);
      lagNow = Double.NaN;
      stats.put("event_collector_queue", null);
      stats.put("kafka", "unavailable");
      lastProgress = null;
      if (!kafkaFailing) {
        LOG.warn("Cannot read pipeline figures from Kafka: {}", e.getMessage());
        kafkaFailing = true;
      }
    }
  }

  private static Long percentile(long[] sorted, int percent) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
