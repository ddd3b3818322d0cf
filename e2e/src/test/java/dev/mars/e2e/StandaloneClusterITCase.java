package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar on a real standalone Flink cluster (a jobmanager and a taskmanager started by
 * {@code infra/bin/flink-cluster}), submitted with the flink CLI as an operator would.
 */
class StandaloneClusterITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path dir = Infra.workDir("mars-flink-cluster");
  private final int restPort = Infra.freePort();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private ServerProcess jobManager;
  private ServerProcess taskManager;

  @AfterEach
  void stopCluster() {
    if (taskManager != null) {
      taskManager.close();
    }
    if (jobManager != null) {
      jobManager.close();
    }
  }

  @Test
  void runsTheShadedJobSubmittedWithTheFlinkCli() throws Exception {
    String script = Infra.script("flink-cluster").toString();
    String state = dir.resolve("cluster").toString();
    jobManager =
        ServerProcess.start(
            "jobmanager",
            dir,
            List.of(
                script,
                "jobmanager",
                state,
                String.valueOf(restPort),
                String.valueOf(Infra.freePort())));
    jobManager.awaitReady(Duration.ofSeconds(90), () -> rest("/overview") != null);
    taskManager =
        ServerProcess.start("taskmanager", dir, List.of(script, "taskmanager", state, "4"));
    taskManager.awaitReady(
        Duration.ofSeconds(90),
        () -> {
          JsonNode overview = rest("/overview");
          return overview != null && overview.get("taskmanagers").asInt() == 1;
        });

    Process client =
        new ProcessBuilder(
                script,
                "client",
                state,
                "run",
                "-d",
                System.getProperty("mars.job.jar"),
                "--kafka.bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka.topic",
                "events-" + suffix,
                "--kafka.increments-topic",
                "increments-" + suffix,
                "--kafka.alerts-topic",
                "alerts-" + suffix,
                "--kafka.group-id",
                "mars-cluster-" + suffix,
                "--kafka.partitions",
                "2",
                // The fixture carries a fixed date (2026-11-23): a range that keeps it valid.
                "--event.created-at-range.days",
                "36500",
                "--elasticsearch.hosts",
                ELASTICSEARCH.url(),
                "--elasticsearch.index",
                "messages-" + suffix,
                "--elasticsearch.counters-index",
                "counters-" + suffix,
                "--parallelism",
                "2",
                "--window.ms",
                "200")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("client.log").toFile())
            .start();
    assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(dir.resolve("client.log"), StandardCharsets.UTF_8);
    assertThat(client.exitValue()).as(output).isZero();
    assertThat(output).contains("Job has been submitted with JobID");

    String messageId = UUID.randomUUID().toString();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  "events-" + suffix,
                  messageId,
                  """
                  {"app_id":"app-00","message_id":"%s","event":"MESSAGE_CREATED",
                   "created_at":"2026-11-23T10:00:00Z"}"""
                      .formatted(messageId)))
          .get();
    }
    JsonNode document =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> document("messages-" + suffix, messageId), doc -> doc != null);
    assertThat(document.get("event_count").asInt()).isEqualTo(1);
    assertThat(rest("/jobs/overview").get("jobs").get(0).get("state").asText())
        .isEqualTo("RUNNING");
  }

  private JsonNode rest(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (Exception e) {
      return null; // not up yet
    }
  }

  private static JsonNode document(String index, String messageId) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        ELASTICSEARCH.url() + "/" + index + "/_search?q=message_id:" + messageId))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
    return hits.isEmpty() ? null : hits.get(0).get("_source");
  }
}
