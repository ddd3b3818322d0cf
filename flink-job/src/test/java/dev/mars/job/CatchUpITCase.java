package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.event.MessageKey;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;
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
 * No false alarm while the job catches up: the job is down for longer than a deadline, the stage it
 * waits for reaches Kafka meanwhile, and once the job is back (from its checkpoint, deadline timers
 * and all) the message is complete, never stuck. Deadlines that followed the wall clock would all
 * fire at once on restore.
 */
class CatchUpITCase {

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
  private static final int MESSAGES = 20;
  private static final int BACKLOG_PER_PARTITION = 100_000;
  private static final Duration DEADLINE = Duration.ofSeconds(6);
  private static final Duration ALLOWED_LATENESS = Duration.ofMillis(500);

  private JobUnderTest job;

  @AfterEach
  void cancelJob() throws Exception {
    job.close();
  }

  @Test
  void aStageThatReachedKafkaWhileTheJobWasDownIsNotDeclaredMissing(
      @InjectMiniCluster MiniCluster flink) throws Exception {
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
    Path checkpoints = Infra.workDir("mars-checkpoints");
    job =
        JobUnderTest.start(
            KAFKA.bootstrapServers(),
            ELASTICSEARCH.url(),
            300,
            "--lifecycle.definitions",
            definitions.toString(),
            "--lifecycle.allowed-lateness.ms",
            String.valueOf(ALLOWED_LATENESS.toMillis()),
            "--checkpoint.dir",
            checkpoints.toString());
    Instant t0 = Instant.now();

    send("MESSAGE_CREATED", t0);
    awaitAllMessages("in_progress");
    awaitCheckpointsAfterNow(flink, job.jobId());
    job.close();

    sendBacklog();
    send("MESSAGE_REACHED_BACKEND", t0.plusSeconds(1));
    Instant deadlinePassed = t0.plus(DEADLINE).plus(ALLOWED_LATENESS).plusSeconds(1);
    await()
        .atMost(DEADLINE.multipliedBy(3))
        .until(() -> Instant.now().isAfter(deadlinePassed)); // the job stays down past it
    job = job.restart();

    awaitAllMessages("complete");
    awaitCheckpointsAfterNow(flink, job.jobId());
    List<JsonNode> alerts = new ArrayList<>();
    for (ConsumerRecord<String, String> record :
        TopicContents.records(KAFKA.bootstrapServers(), job.alertsTopic)) {
      JsonNode alert = JSON.readTree(record.value());
      if (!alert.get("message_id").asText().equals("backlog")) { // stuck, rightly
        alerts.add(alert);
      }
    }
    assertThat(alerts).hasSize(MESSAGES);
    for (JsonNode alert : alerts) {
      assertThat(alert.get("from").asText()).isEqualTo("in_progress");
      assertThat(alert.get("to").asText()).isEqualTo("complete");
    }
  }

  private void send(String stage, Instant at) throws Exception {
    try (KafkaProducer<String, String> producer = job.producer()) {
      for (int m = 0; m < MESSAGES; m++) {
        producer.send(
            new ProducerRecord<>(
                job.topic,
                "m-" + m,
                """
                {"app_id":"app-00","message_id":"m-%d","event":"%s","created_at":"%s"}"""
                    .formatted(m, stage, at)));
      }
      producer.flush();
    }
  }

  /**
   * A backlog ahead of the stages, in every partition, that takes the job a while to read: the same
   * event over and over (one document, counted once).
   */
  private void sendBacklog() throws Exception {
    String repeated =
        """
        {"event_id":"backlog","app_id":"app-00","message_id":"backlog","event":"MESSAGE_CREATED",
         "created_at":"%s"}"""
            .formatted(Instant.now());
    try (KafkaProducer<String, String> producer = job.producer()) {
      for (int i = 0; i < BACKLOG_PER_PARTITION; i++) {
        for (int partition = 0; partition < 2; partition++) {
          producer.send(new ProducerRecord<>(job.topic, partition, "backlog", repeated));
        }
      }
      producer.flush();
    }
  }

  private void awaitAllMessages(String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (int m = 0; m < MESSAGES; m++) {
                JsonNode document =
                    job.document(job.index, MessageKey.documentId("app-00", "m-" + m));
                if (document == null || !document.get("status").asText().equals(status)) {
                  return false;
                }
              }
              return true;
            });
  }

  private static void awaitCheckpointsAfterNow(MiniCluster flink, JobID jobId) throws Exception {
    long now = completedCheckpoints(flink, jobId);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> completedCheckpoints(flink, jobId) >= now + 2);
  }

  private static long completedCheckpoints(MiniCluster flink, JobID jobId) throws Exception {
    return flink
        .getExecutionGraph(jobId)
        .get()
        .getCheckpointStatsSnapshot()
        .getCounts()
        .getNumberOfCompletedCheckpoints();
  }
}
