package dev.mars.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.testing.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import tools.jackson.databind.JsonNode;

/** The alert feed on a real Kafka topic, pushing to a channel the test reads. */
class AlertFeedTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final int KEPT = 3;
  private static final long T0 = 1_795_000_000_000L;

  private final String topic = "alerts-" + UUID.randomUUID();
  private final List<Message<?>> pushed = new CopyOnWriteArrayList<>();
  private KafkaProducer<String, String> producer;
  private AlertFeed feed;

  @BeforeEach
  void topic() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer());
  }

  @AfterEach
  void stop() {
    if (feed != null) {
      feed.stop();
    }
    producer.close();
  }

  @Test
  void startsWithTheLatestAlertsWrittenBeforeItAndPushesOnlyNewOnes() throws Exception {
    for (int n = 1; n <= 5; n++) {
      write(n);
    }

    feed =
        new AlertFeed(
            new KafkaProperties(
                KAFKA.bootstrapServers(), "events", topic, "job", Duration.ofSeconds(5), KEPT, ""),
            new SimpMessagingTemplate((message, timeout) -> pushed.add(message)),
            new dev.mars.live.AlertScopes());
    feed.start();

    await().atMost(PATIENCE).until(() -> ids(feed.recent()).equals(List.of("m-5", "m-4", "m-3")));
    assertThat(feed.isReading()).isTrue();
    assertThat(pushed).isEmpty(); // already shown to whoever was watching then

    write(6);

    await().atMost(PATIENCE).until(() -> pushed.size() == 1);
    assertThat(((JsonNode) pushed.get(0).getPayload()).get("message_id").asString())
        .isEqualTo("m-6");
    assertThat(ids(feed.recent())).containsExactly("m-6", "m-5", "m-4");
  }

  /** Alert n, written at T0 + n seconds by Kafka's clock, keyed so they spread over partitions. */
  private void write(int n) throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic,
                null,
                T0 + n * 1_000L,
                "m-" + n,
                """
                {"alert_id":"m-%d-1","app_id":"app","message_id":"m-%d","from":"in_progress",\
                "to":"stuck","missing":["MESSAGE_REACHED_BACKEND"]}"""
                    .formatted(n, n)))
        .get();
  }

  private static List<String> ids(List<JsonNode> alerts) {
    return alerts.stream().map(alert -> alert.get("message_id").asString()).toList();
  }
}
