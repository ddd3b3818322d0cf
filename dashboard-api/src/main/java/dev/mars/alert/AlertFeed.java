package dev.mars.alert;

import dev.mars.live.AlertScopes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads status changes from {@code mars.alerts}, committed transactions only (so each change once,
 * however often the job replayed), and pushes each new one to {@code /topic/alerts}; keeps the
 * latest for {@code GET /api/alerts}, starting with the latest of those written before it started
 * (read, not pushed again), so a restarted dashboard still shows them.
 */
@Component
public class AlertFeed implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final KafkaProperties properties;
  private final SimpMessagingTemplate stomp;
  private final AlertScopes scopes;

  /** Newest first, by the time Kafka gave each record. */
  private final List<Recent> recent = new ArrayList<>();

  /** Per partition, where the alerts written before the feed started end. */
  private volatile Map<TopicPartition, Long> startedAt = Map.of();

  private volatile KafkaConsumer<String, String> consumer;
  private volatile boolean running;
  private volatile boolean reading;
  private Thread thread;

  public AlertFeed(KafkaProperties properties, SimpMessagingTemplate stomp, AlertScopes scopes) {
    this.properties = properties;
    this.stomp = stomp;
    this.scopes = scopes;
  }

  private record Recent(long at, JsonNode alert) {}

  /** The latest alerts, newest first. */
  public synchronized List<JsonNode> recent() {
    return recent.stream().map(Recent::alert).toList();
  }

  /** Whether the feed has found the topic and reads it: alerts written from now on are pushed. */
  public boolean isReading() {
    return reading;
  }

  @Override
  public void start() {
    running = true;
    thread = new Thread(this::run, "alert-feed");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    synchronized (this) {
      notifyAll();
    }
    KafkaConsumer<String, String> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    Properties config = properties.kafka().properties();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "mars-dashboard-alerts");
    config.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.timeout().toMillis());
    try (KafkaConsumer<String, String> kafka =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer = kafka;
      assign(kafka);
      while (running) {
        for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofSeconds(1))) {
          take(record);
        }
      }
    } catch (WakeupException stopping) {
      // stop() asked
    } catch (RuntimeException e) {
      LOG.warn("Alert feed stopped: {}", e.getMessage());
    }
  }

  /**
   * Waits for the topic (the job creates it), then reads every partition from a little before its
   * end: as many records as {@code GET /api/alerts} keeps.
   */
  private void assign(KafkaConsumer<String, String> kafka) {
    boolean told = false;
    while (running) {
      try {
        Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = kafka.listTopics();
        List<org.apache.kafka.common.PartitionInfo> partitions =
            topics.get(properties.alertsTopic());
        if (partitions != null && !partitions.isEmpty()) {
          List<TopicPartition> assigned =
              partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
          kafka.assign(assigned);
          Map<TopicPartition, Long> begin = kafka.beginningOffsets(assigned);
          Map<TopicPartition, Long> end = kafka.endOffsets(assigned);
          for (TopicPartition partition : assigned) {
            long from =
                Math.max(begin.get(partition), end.get(partition) - properties.recentAlerts());
            kafka.seek(partition, from);
          }
          startedAt = end;
          LOG.info(
              "Pushing alerts from {} ({} partitions)", properties.alertsTopic(), assigned.size());
          reading = true;
          return;
        }
        if (!told) {
          LOG.info("Waiting for topic {} to exist", properties.alertsTopic());
        }
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        if (!told) {
          LOG.warn("Kafka not reachable for the alert feed ({}); retrying", e.getMessage());
        }
      }
      told = true;
      if (!pause()) {
        return;
      }
    }
  }

  /** Waits before asking Kafka again; false when stopping. */
  private synchronized boolean pause() {
    try {
      wait(500); // retry backoff, ended early by stop()
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Keeps an alert; pushes it unless it was written before the feed started. */
  private void take(ConsumerRecord<String, String> record) {
    JsonNode alert;
    try {
      alert = JSON.readTree(record.value());
    } catch (RuntimeException e) {
      LOG.warn("Skipping an alert that is not JSON: {}", e.getMessage());
      return;
    }
    keep(record.timestamp(), alert);
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (record.offset() >= startedAt.getOrDefault(partition, 0L)) {
      stomp.convertAndSend("/topic/alerts", (Object) alert);
      for (String scoped : scopes.destinationsFor(alert.path("app_id").asString(""))) {
        stomp.convertAndSend(scoped, (Object) alert);
      }
    }
  }

  private synchronized void keep(long at, JsonNode alert) {
    int position = 0;
    while (position < recent.size() && recent.get(position).at() > at) {
      position++;
    }
    recent.add(position, new Recent(at, alert));
    if (recent.size() > properties.recentAlerts()) {
      recent.remove(recent.size() - 1);
    }
  }
}
