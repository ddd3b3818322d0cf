package dev.mars.ingest;

import static dev.mars.ingest.Http.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests a client should never send, at the shipped limits (16 MB bodies, 10,000 events a batch):
 * each gets a 4xx naming what it broke, nothing reaches Kafka, and ingest goes on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileRequestTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final int SIXTEEN_MB = 16 * 1024 * 1024;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.partitions", () -> 1);
  }

  @LocalServerPort int port;
  private Http http;
  private final String now = Instant.now().toString();

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void refusesTimesOutOfRangeAndTextTheJobCannotHoldNamingTheField() throws Exception {
    assertRefused(event("a", "m", "E", "+300000000-01-01T00:00:00Z"), "created_at", "within 365");
    assertRefused(event("a", "m", "E", "1999-01-01T00:00:00Z"), "created_at", "within 365");
    assertRefused(event("a", "m\\u0000", "E", now), "message_id", "control characters (U+0000");
    assertRefused(event("a", "m", "E\\n", now), "event", "control characters (U+000A");
    assertRefused(event("a\\ud800", "m", "E", now), "app_id", "lone surrogate");
    assertThat(http.postJson("/api/event", event("a", "m", "TEST EVENT FOR 42", now)).statusCode())
        .isEqualTo(202);
    assertThat(http.postJson("/api/event", event("a", "m", "x.y", now)).statusCode())
        .isEqualTo(202);
  }

  @Test
  void stopsReadingABatchAtTheFirstEventPastTheLimit() throws Exception {
    HttpResponse<String> response = http.postJson("/api/event/bulk", emptyEvents(SIXTEEN_MB - 64));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("holds more than 10000 events");
  }

  @Test
  void refusesDeepNestingHugeStringsAndEndlessAttributesWhileReading() throws Exception {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertRefused(attributes("{\"k\":" + deep + "}"), "body", "nested deeper than 32 levels");
    assertRefused(
        event("a", "x".repeat(100_000), "E", now), "body", "string longer than 4096 characters");
    StringBuilder many = new StringBuilder("{");
    for (int i = 0; i < 200_000; i++) {
      many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    assertRefused(attributes(many.append('}').toString()), "attributes", "more than 32 keys");
    // A key must be nameable in a search (attributes.<key>:<value>).
    assertRefused(attributes("{\"sms channel\":\"v\"}"), "attributes", "letters, digits");
  }

  @Test
  void answersNormalRequestsWhileMaximumBodiesArrive() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> floods =
        List.of(
            http.postJsonAsync("/api/event/bulk", emptyEvents(SIXTEEN_MB - 64)),
            http.postJsonAsync("/api/event/bulk", emptyEvents(SIXTEEN_MB - 64)),
            http.postJsonAsync("/api/event/bulk", emptyEvents(SIXTEEN_MB - 64)));
    String normal = event("app-00", "normal-" + UUID.randomUUID(), "MESSAGE_CREATED", now);

    assertThat(http.postJson("/api/event", normal).statusCode()).isEqualTo(202);
    for (CompletableFuture<HttpResponse<String>> flood : floods) {
      assertThat(flood.get().statusCode()).isEqualTo(400);
    }
    assertThat(TopicContents.records(KAFKA.bootstrapServers(), TOPIC))
        .extracting(r -> r.value())
        .noneMatch(value -> value.contains("\"message_id\":\"m\""));
  }

  @Test
  void refusesABatchWhoseEventsWouldHoldTooMuchMemoryThoughItsBodyIsSmall() throws Exception {
    StringBuilder attributes = new StringBuilder("{");
    for (int k = 0; k < 32; k++) {
      attributes.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"v\"");
    }
    String event = attributes(attributes.append('}').toString());
    StringBuilder bulk = new StringBuilder("{\"events\":[").append(event);
    for (int i = 1; i < 10_000; i++) {
      bulk.append(',').append(event);
    }
    String body = bulk.append("]}").toString(); // about 4 MB, some 90 MB as kept in memory

    HttpResponse<String> response = http.postJson("/api/event/bulk", body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("bytes in memory; send fewer per request");
  }

  @Test
  void countsEachKindOfRefusalForOperators() throws Exception {
    assertRefused(event("a", "m", "E", "+300000000-01-01T00:00:00Z"), "created_at", "within 365");
    assertThat(http.postJson("/api/event", "{not json").statusCode()).isEqualTo(400);

    String metrics = http.send(http.request("/actuator/prometheus").GET()).body();

    assertThat(metrics)
        .contains("mars_ingest_invalid_fields_total{field=\"created_at\"}")
        .contains("mars_ingest_events_total{outcome=\"rejected\",reason=\"unreadable_body\"}");
  }

  private void assertRefused(String body, String field, String problem) throws Exception {
    HttpResponse<String> response = http.postJson("/api/event", body);
    assertThat(response.statusCode()).as(body.length() > 200 ? field : body).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"" + field + "\"").contains(problem);
  }

  private String attributes(String attributes) {
    return """
        {"app_id":"a","message_id":"m","event":"E","created_at":"%s","attributes":%s}"""
        .formatted(now, attributes);
  }

  /** {@code {"events":[{},{},…]}} of about {@code bytes} bytes. */
  private static String emptyEvents(int bytes) {
    StringBuilder body = new StringBuilder(bytes).append("{\"events\":[{}");
    while (body.length() < bytes - 10) {
      body.append(",{}");
    }
    return body.append("]}").toString();
  }
}
