package dev.mars.ingest;

import static dev.mars.ingest.Http.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client of the Elixir Mars did, against a real Kafka broker: its event routes answered
 * {@code {"success": true}}, {@code /status} {@code {"status": "up"}}, {@code /api/q/stats} the
 * collector's queue. A client that checks those bodies works against Mars in Java unchanged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MarsClientCompatibilityTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.partitions", () -> 2);
    registry.add("mars.ingest.job-group", () -> "no-job-" + UUID.randomUUID());
  }

  @LocalServerPort int port;
  private Http http;
  private final String now = Instant.now().toString();

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void answersMarsClientsWithSuccessAndTheQueueTheyWaitFor() throws Exception {
    String message = UUID.randomUUID().toString();

    assertSuccess(http.postJson("/api/event", event("app-a", message, "MESSAGE_CREATED", now)));
    assertSuccess(
        http.postJson("/api/create_event", event("app-a", message, "REACHED_BACKEND", now)));
    assertSuccess(
        http.postJson(
            "/api/event/bulk",
            "{\"events\":[%s,%s]}"
                .formatted(
                    event("app-a", message, "IN_SEARCH_QUEUE", now),
                    event("app-a", message, "REACHED_FRONTEND", now))));

    HttpResponse<String> refused = http.postJson("/api/event", "{\"app_id\":\"app-a\"}");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).get("success").asBoolean()).isFalse();

    JsonNode status = get("/status");
    assertThat(status.get("status").asString()).isEqualTo("up");
    // No job has consumed this topic: every event written is still queued.
    assertThat(get("/api/q/stats").get("event_collector_queue").asLong()).isEqualTo(4);
  }

  private static void assertSuccess(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("success").asBoolean()).isTrue();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = http.send(http.request(path).GET());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
