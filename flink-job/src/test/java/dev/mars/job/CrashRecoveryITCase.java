package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.event.MessageKey;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "events-" + suffix;
  private final String incrementsTopic = "increments-" + suffix;
  private final String index = "messages-" + suffix;
  private final String countersIndex = "counters-" + suffix;
  private JobClient job;

  @AfterEach
  void cancelJob() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
  }

  @Test
  void documentsAndCountersAreExactAfterATaskManagerCrash(@InjectMiniCluster MiniCluster flink)
      throws Exception {
    startJob();

    try (KafkaProducer<String, String> producer = producer()) {
      sendStages(producer, 0, 3);
      sendIncrements(producer, 0, INCREMENTS_PER_COUNTER / 2);
      producer.flush();
      awaitAllMessagesWith(3);
      awaitCheckpointsAfterNow(flink, job.getJobID());

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
              () -> source(countersIndex, key),
              doc -> doc != null && doc.get("value").asLong() == INCREMENTS_PER_COUNTER);
    }
    // A double count would show after the replay settles: read everything again after two more
    // checkpoints, by which time every replayed record has been through a window and written.
    awaitCheckpointsAfterNow(flink, job.getJobID());
    for (int c = 0; c < COUNTERS; c++) {
      assertThat(source(countersIndex, "counter-" + c).get("value").asLong())
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
                topic,
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
                incrementsTopic,
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
    return source(index, MessageKey.documentId("app-00", "m-" + m));
  }

  private static JsonNode source(String index, String id) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ELASTICSEARCH.url() + "/" + index + "/_doc/" + id))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("_source") : null;
  }

  private void startJob() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      topics.add(new NewTopic(topic, 2, (short) 1));
      topics.add(new NewTopic(incrementsTopic, 2, (short) 1));
      admin.createTopics(topics).all().get();
    }
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--kafka.topic",
              topic,
              "--kafka.increments-topic",
              incrementsTopic,
              "--elasticsearch.hosts",
              ELASTICSEARCH.url(),
              "--elasticsearch.index",
              index,
              "--elasticsearch.counters-index",
              countersIndex,
              "--window.ms",
              "200",
              "--parallelism",
              "2",
              "--checkpoint.interval.ms",
              "500"
            },
            Map.of());
    config.createIndices();
    config.createDeadLetterTopics();
    job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-crash");
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }
}
