package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node of a three-node Elasticsearch cluster killed ({@code kill -9}) while the job writes, its
 * indices replicated once: the job goes on through the promotion of replicas, and every message's
 * document ends with all its events.
 */
class ElasticsearchNodeKillITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private List<ElasticsearchExtension.Node> nodes;
  private JobUnderTest job;

  @AfterEach
  void stop() throws Exception {
    if (job != null) {
      job.close();
    }
    if (nodes != null) {
      nodes.forEach(ElasticsearchExtension.Node::close);
    }
  }

  @Test
  void writesGoOnWhenANodeDies() throws Exception {
    nodes = ElasticsearchExtension.cluster(3);
    Path lifecycles = Files.createTempFile("lifecycles", ".yaml");
    Files.writeString(
        lifecycles,
        """
        default:
          - stage: A
          - stage: B
            within: 10m
        """);
    job =
        JobUnderTest.start(
            KAFKA.bootstrapServers(),
            nodes.stream().map(ElasticsearchExtension.Node::url).collect(Collectors.joining(",")),
            1000,
            "--lifecycle.definitions",
            lifecycles.toString(),
            "--elasticsearch.replicas",
            "1",
            "--elasticsearch.shards",
            "3");
    Instant t0 = Instant.now();
    send(0, 100, "A", t0);
    await().atMost(PATIENCE).until(() -> count("{\"match_all\":{}}") == 100);
    // Every shard has its replica before a node dies, or the shards it held die with it.
    assertThat(clusterHealthWhenGreen()).isEqualTo("green");

    nodes.get(2).kill();
    send(0, 100, "B", t0);
    send(100, 150, "A", t0);

    await().atMost(PATIENCE).until(() -> count("{\"term\":{\"event_count\":2}}") == 100);
    await().atMost(PATIENCE).until(() -> count("{\"match_all\":{}}") == 150);
    assertThat(count("{\"term\":{\"status\":\"complete\"}}")).isEqualTo(100);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
  }

  private void send(int from, int to, String stage, Instant at) throws Exception {
    try (KafkaProducer<String, String> producer = job.producer()) {
      for (int m = from; m < to; m++) {
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

  private String clusterHealthWhenGreen() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        nodes.get(0).url()
                            + "/_cluster/health?wait_for_status=green&timeout="
                            + PATIENCE.toSeconds()
                            + "s"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("status").asText();
  }

  /** Counted on the first node, which stays up. */
  private long count(String query) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/" + job.index + "/_count"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":" + query + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("count").asLong() : -1;
  }
}
