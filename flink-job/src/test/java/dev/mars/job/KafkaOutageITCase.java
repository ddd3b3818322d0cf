package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.event.MessageKey;
import dev.mars.kafka.RefusalNotice;
import dev.mars.progress.Heartbeats;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No false alarm from Mars's own outage: Kafka is killed ({@code kill -9}) for longer than a
 * deadline while a client's stage is refused; the client delivers it once Kafka is back, and the
 * message is complete, never stuck or late. Likewise when ingest refuses with Kafka up (its own
 * limits) and says so with a refusal notice. A message whose stage never comes is still found
 * stuck, once the outage has been waited out.
 */
class KafkaOutageITCase {

  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(4);
  private static final Duration ALLOWED_LATENESS = Duration.ofMillis(500);
  private static final String APP = "app-00";
  private static final String OTHER_APP = "app-warm-up";

  private JobUnderTest job;

  @AfterEach
  void cancelJob() throws Exception {
    job.close();
  }

  @Test
  void aStageRefusedWhileKafkaWasDownAndDeliveredAfterIsNoAlarm() throws Exception {
    job = startJob(Duration.ofSeconds(5));
    job.awaitReading(OTHER_APP);
    Instant t0 = Instant.now();
    send("delivered", "MESSAGE_CREATED", t0);
    send("never", "MESSAGE_CREATED", t0);
    awaitStatus("delivered", "in_progress");
    awaitStatus("never", "in_progress");

    KAFKA.killBroker();
    // The client's stage at t0 + 1 s is refused (ingest answers 503 while Kafka is away); Kafka
    // stays down past the deadline.
    Instant deadlinePassed = t0.plus(DEADLINE).plus(ALLOWED_LATENESS).plusSeconds(3);
    await().atMost(DEADLINE.multipliedBy(3)).until(() -> Instant.now().isAfter(deadlinePassed));
    KAFKA.startBroker();
    long restartedAt = System.currentTimeMillis();
    // The client retries once Mars takes writes again: after the job's heartbeats are back.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TopicContents.records(KAFKA.bootstrapServers(), job.topic).stream()
                    .anyMatch(
                        r ->
                            r.headers().lastHeader(Heartbeats.HEADER) != null
                                && r.timestamp() > restartedAt));
    send("delivered", "MESSAGE_REACHED_BACKEND", t0.plusSeconds(1)); // the client's retry

    awaitStatus("delivered", "complete");
    awaitStatus("never", "stuck");
    // Alerts are committed with checkpoints: wait for the stuck one, then check them all.
    List<String> changes =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(this::statusChanges, found -> found.size() >= 2);
    assertThat(changes)
        .containsExactlyInAnyOrder("delivered:in_progress>complete", "never:in_progress>stuck");
    JsonNode delivered = document("delivered");
    assertThat(delivered.get("late")).isEmpty();
    assertThat(delivered.get("status_changes").asInt()).isEqualTo(1);
  }

  @Test
  void aStageRetriedAfterIngestRefusedItWithKafkaUpIsNoAlarm() throws Exception {
    job = startJob(Duration.ofSeconds(10));
    job.awaitReading(OTHER_APP);
    Instant t0 = Instant.now();
    send("retried", "MESSAGE_CREATED", t0);
    send("dropped", "MESSAGE_CREATED", t0);
    // Ingest refused the client's next stage (its in-flight limit), Kafka up all along, and says
    // so before the deadline has passed.
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(t0.plusSeconds(2)));
    try (KafkaProducer<String, String> producer = job.producer()) {
      ProducerRecord<String, String> notice =
          new ProducerRecord<>(
              job.topic, 0, null, new String(RefusalNotice.value(System.currentTimeMillis())));
      notice.headers().add(RefusalNotice.HEADER, new byte[0]);
      producer.send(notice).get();
    }
    awaitStatus("retried", "in_progress");
    awaitStatus("dropped", "in_progress");
    // Heartbeats go on past the deadline; the client's retry comes a second after it.
    Instant deadlinePassed = t0.plus(DEADLINE).plus(ALLOWED_LATENESS).plusSeconds(1);
    await().atMost(DEADLINE.multipliedBy(3)).until(() -> Instant.now().isAfter(deadlinePassed));
    send("retried", "MESSAGE_REACHED_BACKEND", t0.plusSeconds(1));

    awaitStatus("retried", "complete");
    awaitStatus("dropped", "stuck");
    JsonNode retried = document("retried");
    assertThat(retried.get("late")).isEmpty();
    assertThat(retried.get("status_changes").asInt()).isEqualTo(1);
  }

  private JobUnderTest startJob(Duration retryBudget) throws Exception {
    Path definitions = Files.createTempFile("lifecycles", ".yaml");
    Files.writeString(
        definitions,
        """
        default:
          - stage: MESSAGE_CREATED
          - stage: MESSAGE_REACHED_BACKEND
            within: %ds
        """
            .formatted(DEADLINE.toSeconds()));
    return JobUnderTest.start(
        KAFKA.bootstrapServers(),
        ELASTICSEARCH.url(),
        1000,
        "--lifecycle.definitions",
        definitions.toString(),
        "--lifecycle.allowed-lateness.ms",
        String.valueOf(ALLOWED_LATENESS.toMillis()),
        "--lifecycle.heartbeat.ms",
        "200",
        "--lifecycle.heartbeat.max-delay.ms",
        "1000",
        "--lifecycle.outage.threshold.ms",
        "1500",
        "--lifecycle.outage.retry-budget.ms",
        String.valueOf(retryBudget.toMillis()));
  }

  private List<String> statusChanges() {
    return TopicContents.records(KAFKA.bootstrapServers(), job.alertsTopic).stream()
        .map(record -> read(record.value()))
        .filter(a -> a.get("app_id").asText().equals(APP))
        .map(
            a ->
                a.get("message_id").asText()
                    + ":"
                    + a.get("from").asText()
                    + ">"
                    + a.get("to").asText())
        .toList();
  }

  private void send(String messageId, String stage, Instant at) throws Exception {
    try (KafkaProducer<String, String> producer = job.producer()) {
      producer
          .send(
              new ProducerRecord<>(
                  job.topic,
                  messageId,
                  """
                  {"app_id":"%s","message_id":"%s","event":"%s","created_at":"%s"}"""
                      .formatted(APP, messageId, stage, at)))
          .get();
    }
  }

  private void awaitStatus(String messageId, String status) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              JsonNode document = document(messageId);
              return document != null && document.get("status").asText().equals(status);
            });
  }

  private JsonNode document(String messageId) throws Exception {
    return job.document(job.index, MessageKey.documentId(APP, messageId));
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
