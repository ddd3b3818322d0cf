package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mars.event.MessageKey;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exactly-once effect through a crash: the task manager running the job is killed mid-stream
 * after checkpoints have completed, the job restores and replays from Kafka, and every document and
 * counter ends exactly as if nothing had happened: no event missing or doubled, no increment lost
 * or counted twice (including a client's retries).
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

  private static final int MESSAGES = 100;
  private static final List<String> STAGES =
      List.of("CREATED", "REACHED_BACKEND", "IN_SEARCH_QUEUE", "REACHED_FRONTEND", "DELIVERED");
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
      awaitAllMessagesWith(3);
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

    awaitAllMessagesWith(5);
    for (int m = 0; m < MESSAGES; m++) {
      JsonNode document = document(m);
      assertThat(document.get("events").findValuesAsText("event")).isEqualTo(STAGES);
      assertThat(document.get("event_count").asInt()).isEqualTo(STAGES.size());
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
  }

  private void sendStages(KafkaProducer<String, String> producer, int from, int to) {
    for (int stage = from; stage < to; stage++) {
      for (int m = 0; m < MESSAGES; m++) {
        String messageId = "m-" + m;
        producer.send(
            new ProducerRecord<>(
                job.topic,
                messageId,
                """
                {"event_id":"%s-%d","app_id":"app-00","message_id":"%s","event":"%s",
                 "created_at":"2026-11-23T10:00:0%dZ"}"""
                    .formatted(messageId, stage, messageId, STAGES.get(stage), stage)));
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

  private void awaitAllMessagesWith(int events) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              for (int m = 0; m < MESSAGES; m++) {
                JsonNode document = document(m);
                if (document == null || document.get("event_count").asInt() != events) {
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
