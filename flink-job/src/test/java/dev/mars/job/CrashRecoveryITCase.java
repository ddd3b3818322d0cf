package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.event.MessageKey;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once effect through a crash: the task manager running the job is killed mid-stream
 * after checkpoints have completed, the job restores and replays from Kafka, and every document,
 * counter and alert ends exactly as if nothing had happened: no event missing or doubled, no
 * increment lost or counted twice (including a client's retries), each change of status alerted
 * once.
 */
class CrashRecoveryITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

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
  private static final int MESSAGES = 100;
  private static final List<String> STAGES =
      List.of(
          "MESSAGE_CREATED",
          "MESSAGE_REACHED_BACKEND",
          "MESSAGE_IN_SEARCH_QUEUE",
          "MESSAGE_REACHED_FRONTEND",
          "MESSAGE_DELIVERED");

  /** An hour ago: every deadline of the default lifecycle has passed when the job reads them. */
  private static final Instant T0 =
      Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

  /** A checkpoint interval no test outlasts: checkpoints come when the test takes them. */
  private static final long ONLY_WHEN_TAKEN = Duration.ofHours(1).toMillis();

  private static final int COUNTERS = 10;
  private static final int INCREMENTS_PER_COUNTER = 30;
  private JobUnderTest job;

  @AfterEach
  void cancelJob() throws Exception {
    job.close();
  }

  @Test
  void documentsAndCountersAreExactAfterATaskManagerCrash(@InjectMiniCluster MiniCluster flink)
      throws Exception {
    job = JobUnderTest.start(KAFKA.bootstrapServers(), ELASTICSEARCH.url(), 500);

    try (KafkaProducer<String, String> producer = job.producer()) {
      sendStages(producer, 0, 3);
      sendIncrements(producer, 0, INCREMENTS_PER_COUNTER / 2);
      producer.flush();
      awaitAllMessages(3, "stuck");
      awaitCheckpointsAfterNow(flink, job.jobId());

      sendStages(producer, 3, 5);
      sendIncrements(producer, INCREMENTS_PER_COUNTER / 2, INCREMENTS_PER_COUNTER);
      producer.flush();
      flink.terminateTaskManager(0).get();
      flink.startTaskManager();

      // A client retrying what it already sent: the same event ids and request ids.
      sendStages(producer, 4, 5);
      sendIncrements(producer, INCREMENTS_PER_COUNTER - 5, INCREMENTS_PER_COUNTER);
      producer.flush();
    }

    awaitAllMessages(5, "late");
    for (int m = 0; m < MESSAGES; m++) {
      JsonNode document = document(m);
      assertThat(document.get("events").findValuesAsText("event")).isEqualTo(STAGES);
      assertThat(document.get("event_count").asInt()).isEqualTo(STAGES.size());
      assertThat(texts(document.get("late"))).isEqualTo(STAGES.subList(3, 5));
    }
    for (int c = 0; c < COUNTERS; c++) {
      String key = "counter-" + c;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> job.document(job.countersIndex, key),
              doc -> doc != null && doc.get("value").asLong() == INCREMENTS_PER_COUNTER);
    }
    // A double count would show after the replay settles: read everything again after two more
    // checkpoints, by which time every replayed record has been through a window and written.
    awaitCheckpointsAfterNow(flink, job.jobId());
    for (int c = 0; c < COUNTERS; c++) {
      assertThat(job.document(job.countersIndex, "counter-" + c).get("value").asLong())
          .isEqualTo(INCREMENTS_PER_COUNTER);
    }
    for (int m = 0; m < MESSAGES; m++) {
      assertThat(document(m).get("event_count").asInt()).isEqualTo(STAGES.size());
    }
    // Each message went stuck, then late: two changes, each committed to the alert topic once.
    Map<String, List<String>> alerts = alertsByMessage();
    assertThat(alerts).hasSize(MESSAGES);
    for (int m = 0; m < MESSAGES; m++) {
      String id = MessageKey.documentId("app-00", "m-" + m);
      assertThat(alerts.get("m-" + m)).containsExactly(id + "-1 stuck", id + "-2 late");
    }
  }

  /**
   * Messages new since the last checkpoint change status, their documents are written and the job
   * fails before the next checkpoint commits their alerts. After the restart their events are read
   * again and their documents read back, already stuck: each alert must still come, once.
   */
  @Test
  void alertsOfChangesNewSinceTheLastCheckpointComeOnceAfterACrash(
      @InjectMiniCluster MiniCluster flink) throws Exception {
    // Checkpoints only when the test takes them, so none can fall between the change and the crash.
    job = JobUnderTest.start(KAFKA.bootstrapServers(), ELASTICSEARCH.url(), ONLY_WHEN_TAKEN);
    await().atMost(Duration.ofSeconds(60)).until(() -> takeCheckpoint(flink));

    try (KafkaProducer<String, String> producer = job.producer()) {
      sendStages(producer, "n-", 0, 1);
      producer.flush();
    }
    awaitAllMessages("n-", 1, "stuck");
    flink.terminateTaskManager(0).get();
    flink.startTaskManager();

    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              takeCheckpoint(flink);
              return alertsByMessage().size() == MESSAGES;
            });
    takeCheckpoint(flink); // a repeat sent by the replay would be committed by now
    Map<String, List<String>> alerts = alertsByMessage();
    for (int m = 0; m < MESSAGES; m++) {
      String id = MessageKey.documentId("app-00", "n-" + m);
      assertThat(alerts.get("n-" + m)).containsExactly(id + "-1 stuck");
    }
  }

  private Map<String, List<String>> alertsByMessage() throws Exception {
    Map<String, List<String>> alerts = new HashMap<>();
    for (ConsumerRecord<String, String> record :
        TopicContents.records(KAFKA.bootstrapServers(), job.alertsTopic)) {
      JsonNode alert = JSON.readTree(record.value());
      alerts
          .computeIfAbsent(alert.get("message_id").asText(), k -> new ArrayList<>())
          .add(alert.get("alert_id").asText() + " " + alert.get("to").asText());
    }
    return alerts;
  }

  /** Takes a checkpoint and waits for it; false while the job is not running to take one. */
  private boolean takeCheckpoint(MiniCluster flink) {
    try {
      flink.triggerCheckpoint(job.jobId()).get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception notRunning) {
      return false;
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private void sendStages(KafkaProducer<String, String> producer, int from, int to) {
    sendStages(producer, "m-", from, to);
  }

  private void sendStages(KafkaProducer<String, String> producer, String prefix, int from, int to) {
    for (int stage = from; stage < to; stage++) {
      for (int m = 0; m < MESSAGES; m++) {
        String messageId = prefix + m;
        producer.send(
            new ProducerRecord<>(
                job.topic,
                messageId,
                """
                {"event_id":"%s-%d","app_id":"app-00","message_id":"%s","event":"%s",
                 "created_at":"%s"}"""
                    .formatted(
                        messageId, stage, messageId, STAGES.get(stage), T0.plusSeconds(stage))));
      }
    }
  }

  private void sendIncrements(KafkaProducer<String, String> producer, int from, int to) {
    for (int i = from; i < to; i++) {
      for (int c = 0; c < COUNTERS; c++) {
        String key = "counter-" + c;
        producer.send(
            new ProducerRecord<>(
                job.incrementsTopic,
                key,
                "{\"key\":\"%s\",\"value\":1,\"request_id\":\"%s-%d\"}".formatted(key, key, i)));
      }
    }
  }

  private void awaitAllMessages(int events, String status) {
    awaitAllMessages("m-", events, status);
  }

  private void awaitAllMessages(String prefix, int events, String status) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              for (int m = 0; m < MESSAGES; m++) {
                JsonNode document =
                    job.document(job.index, MessageKey.documentId("app-00", prefix + m));
                if (document == null
                    || document.get("event_count").asInt() != events
                    || !document.get("status").asText().equals(status)) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Waits until two more checkpoints complete, so the crash comes after a consistent cut. */
  private static void awaitCheckpointsAfterNow(MiniCluster flink, JobID jobId) throws Exception {
    long now = completedCheckpoints(flink, jobId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> completedCheckpoints(flink, jobId) >= now + 2);
  }

  private static long completedCheckpoints(MiniCluster flink, JobID jobId) throws Exception {
    AccessExecutionGraph graph = flink.getExecutionGraph(jobId).get();
    return graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
  }

  private JsonNode document(int m) throws Exception {
    return job.document(job.index, MessageKey.documentId("app-00", "m-" + m));
  }
}
