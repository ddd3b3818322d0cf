package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.testing.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mars cluster} as a user runs it, on ports of its own: three brokers with the topics
 * replicated three times, three Elasticsearch nodes with the index replicated once, a Flink job
 * manager with ZooKeeper high availability and two task managers running the job, two ingest and
 * two dashboard instances — an event sent to one ingest is found through the other dashboard; a
 * broker killed with {@code kill -9} leaves ingest answering 202, and {@code ./mars cluster start}
 * brings it back; {@code stop} stops everything.
 */
class MarsClusterITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Map<String, String> PORTS =
      Map.ofEntries(
          Map.entry("MARS_KAFKA_PORT", "29092"),
          Map.entry("MARS_ES_PORT", "29200"),
          Map.entry("MARS_ES_TRANSPORT_PORT", "29300"),
          Map.entry("MARS_INGEST_PORT", "24000"),
          Map.entry("MARS_INGEST_GRPC_PORT", "24025"),
          Map.entry("MARS_DASHBOARD_PORT", "24001"),
          Map.entry("MARS_FLINK_REST_PORT", "28081"),
          Map.entry("MARS_FLINK_RPC_PORT", "26123"),
          Map.entry("MARS_ZOOKEEPER_PORT", "22181"),
          Map.entry("FLINK_METRICS_PORTS", "29250-29259"),
          Map.entry("ES_HEAP", "512m"),
          Map.entry("FLINK_TM_MEMORY", "1536m"),
          Map.entry("MARS_SERVICE_HEAP", "256m"));

  private final Path state = Infra.workDir("mars-cluster-state");
  private final MarsScript script = new MarsScript(state, Duration.ofMinutes(8)).with(PORTS);

  @AfterEach
  void stopTheCluster() throws Exception {
    script.run(Map.of(), "cluster", "stop");
  }

  @Test
  void runsMarsAsAClusterThatOutlivesABroker() throws Exception {
    String started = script.ok(Map.of(), "cluster", "start");
    assertThat(started).contains("Mars is running as a cluster");

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:29092"))) {
      TopicDescription events =
          admin.describeTopics(List.of("mars.events")).allTopicNames().get().get("mars.events");
      assertThat(events.partitions())
          .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
    }
    JsonNode settings = get("http://127.0.0.1:29200/mars-messages/_settings");
    assertThat(settings.findValuesAsText("number_of_replicas")).containsOnly("1");
    assertThat(get("http://127.0.0.1:29200/_cluster/health").get("number_of_nodes").asInt())
        .isEqualTo(3);
    assertThat(get("http://127.0.0.1:28081/overview").get("taskmanagers").asInt()).isEqualTo(2);
    assertThat(get("http://127.0.0.1:28081/jobmanager/config").toString())
        .contains("high-availability.type")
        .contains("zookeeper");

    String first = "cluster-" + UUID.randomUUID();
    // Retried on 503 as a client does: a just-started cluster on a busy machine may not
    // acknowledge the first write in ingest's time (CI saw "Kafka did not acknowledge").
    await()
        .atMost(PATIENCE)
        .until(() -> send("http://127.0.0.1:24010", first) == 202); // the second ingest
    await()
        .atMost(PATIENCE)
        .until(() -> status("http://127.0.0.1:24001/api/messages/" + first) == 200);

    assertThat(script.ok(Map.of(), "cluster", "kill", "kafka-2")).contains("killed kafka-2");
    String second = "cluster-" + UUID.randomUUID();
    await()
        .atMost(PATIENCE)
        .until(() -> send("http://127.0.0.1:24000", second) == 202); // two brokers of three
    await()
        .atMost(PATIENCE)
        .until(() -> status("http://127.0.0.1:24011/api/messages/" + second) == 200);

    script.ok(Map.of(), "cluster", "start");
    assertThat(script.ok(Map.of(), "cluster", "status")).containsPattern("kafka-2 +running");

    script.ok(Map.of(), "cluster", "stop");
    assertThat(script.ok(Map.of(), "cluster", "status")).doesNotContain("running");
  }

  private static int send(String ingest, String messageId) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(ingest + "/api/event"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
                          {"app_id":"app-a","message_id":"%s","event":"MESSAGE_CREATED",\
                          "created_at":"%s"}"""
                              .formatted(messageId, Instant.now())))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  private static JsonNode get(String url) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }
}
