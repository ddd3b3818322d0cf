package dev.mars.ingest;

import static dev.mars.ingest.Http.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

/** The HTTP routes against a real Kafka broker, on a topic of their own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventIngestTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final String INCREMENTS = "increments-" + UUID.randomUUID();
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final int MAX_BULK = 100;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.increments-topic", () -> INCREMENTS);
    registry.add("mars.ingest.partitions", () -> 2);
    // The fixtures carry fixed dates (2026-11-23): a range that keeps them valid for years.
    registry.add("mars.ingest.created-at-range", () -> "36500d");
    registry.add("mars.ingest.max-bulk-events", () -> MAX_BULK);
    registry.add("mars.ingest.max-body-size", () -> "64KB");
  }

  @LocalServerPort int port;
  private Http http;
  private final String messageId = UUID.randomUUID().toString();

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void acceptsAnEventOnceKafkaHoldsIt() throws Exception {
    HttpResponse<String> response =
        http.postJson(
            "/api/event",
            event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T11:00:00+01:00"));

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<String, String> record = onlyRecord();
    assertThat(record.key()).isEqualTo(messageId);
    JsonNode value = JSON.readTree(record.value());
    assertThat(value.get("app_id").asString()).isEqualTo("app-00");
    assertThat(value.get("event").asString()).isEqualTo("MESSAGE_CREATED");
    assertThat(value.get("created_at").asString()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(value.get("event_id").asString()).hasSize(32);
    assertThat(value.has("created_at_source")).isFalse();
  }

  @Test
  void takesMarsCreateEventRouteAndCarriesTheOptionalFields() throws Exception {
    HttpResponse<String> response =
        http.postJson(
            "/api/create_event",
            """
            {"app_id":"app-00","message_id":"%s","event":"MESSAGE_CREATED",
             "external_id":"ext-1","event_id":"client-id-1",
             "attributes":{"channel":"push","attempt":"2"}}"""
                .formatted(messageId));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode value = JSON.readTree(onlyRecord().value());
    assertThat(value.get("event_id").asString()).isEqualTo("client-id-1");
    assertThat(value.get("external_id").asString()).isEqualTo("ext-1");
    assertThat(value.get("attributes").get("channel").asString()).isEqualTo("push");
    assertThat(value.get("created_at_source").asString()).isEqualTo("server");
    assertThat(value.get("created_at").asString()).isNotBlank();
  }

  @Test
  void givesARetriedEventTheSameEventId() throws Exception {
    String body = event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z");
    http.postJson("/api/event", body);
    http.postJson("/api/event", body);

    List<String> ids =
        records().stream().map(r -> JSON.readTree(r.value()).get("event_id").asString()).toList();
    assertThat(ids).hasSize(2);
    assertThat(ids.get(0)).isEqualTo(ids.get(1));
  }

  @Test
  void namesEachBadFieldAndWritesNothing() throws Exception {
    HttpResponse<String> response =
        http.postJson(
            "/api/event",
            """
            {"app_id":42,"message_id":"%s","event":"","created_at":"yesterday",
             "attributes":{"channel":{"nested":true}}}"""
                .formatted(messageId));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(response.body()).get("errors");
    assertThat(errors.findValuesAsString("field"))
        .containsExactly("app_id", "event", "attributes.channel", "created_at");
    assertThat(errors.get(0).get("problem").asString()).isEqualTo("must be a string");
    assertThat(records()).isEmpty();
  }

  @Test
  void namesTheLimitABadFieldBroke() throws Exception {
    String tooLong = "x".repeat(EventReader.MAX_EVENT_LENGTH + 1);
    String manyAttributes =
        IntStream.range(0, EventReader.MAX_ATTRIBUTES + 1)
            .mapToObj(i -> "\"k" + i + "\":\"v\"")
            .collect(Collectors.joining(",", "{", "}"));

    HttpResponse<String> response =
        http.postJson(
            "/api/event",
            """
            {"app_id":"a","message_id":"%s","event":"%s","attributes":%s}"""
                .formatted(messageId, tooLong, manyAttributes));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(response.body()).get("errors");
    assertThat(errors.get(0).get("problem").asString()).isEqualTo("is longer than 128 characters");
    assertThat(errors.get(1).get("problem").asString())
        .isEqualTo("has more than 32 keys; at most 32");
    assertThat(records()).isEmpty();
  }

  @Test
  void rejectsAWholeBulkForOneBadEventAndTakesItsCorrection() throws Exception {
    String good = event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z");
    String bad = event("app-00", messageId, "MESSAGE_REACHED_BACKEND", "not a time");
    String fixed = event("app-00", messageId, "MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01Z");

    HttpResponse<String> rejected = http.postJson("/api/event/bulk", bulk(good, bad));

    assertThat(rejected.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(rejected.body()).get("errors").get(0);
    assertThat(error.get("index").asInt()).isEqualTo(1);
    assertThat(error.get("field").asString()).isEqualTo("created_at");
    assertThat(records()).isEmpty();

    HttpResponse<String> accepted = http.postJson("/api/event/bulk", bulk(good, fixed));

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(2);
    assertThat(records()).hasSize(2);
  }

  @Test
  void rejectsABulkOverTheEventLimit() throws Exception {
    String[] events = new String[MAX_BULK + 1];
    java.util.Arrays.fill(events, event("a", messageId, "E", "2026-11-23T10:00:00Z"));

    HttpResponse<String> response = http.postJson("/api/event/bulk", bulk(events));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("holds more than 100 events; the most one request may hold is 100");
    assertThat(records()).isEmpty();
  }

  @Test
  void rejectsABodyOverTheSizeLimitNamingIt() throws Exception {
    String huge = "{\"events\":[\"" + "x".repeat(70_000) + "\"]}";

    HttpResponse<String> response = http.postJson("/api/event/bulk", huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("limit of 65536 bytes");
  }

  @Test
  void answersWhatIsNotAnEventRequestWithAClear4xx() throws Exception {
    assertThat(http.postJson("/api/event", "{not json").statusCode()).isEqualTo(400);
    assertThat(http.postJson("/api/event", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(
            http.send(
                    http.request("/api/event")
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello")))
                .statusCode())
        .isEqualTo(415);
    HttpResponse<String> unknown = http.postJson("/api/nowhere", "{}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no route");
    assertThat(http.send(http.request("/api/event").GET()).statusCode()).isEqualTo(405);
  }

  @Test
  void reportsKafkaInItsHealth() throws Exception {
    HttpResponse<String> health = http.send(http.request("/actuator/health").GET());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).at("/components/kafka/status").asString())
        .isEqualTo("UP");
  }

  @Test
  void exposesIngestMetricsForPrometheus() throws Exception {
    http.postJson(
        "/api/event", event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));

    String metrics = http.send(http.request("/actuator/prometheus").GET()).body();

    assertThat(metrics).contains("mars_ingest_events_total{outcome=\"accepted\"");
    assertThat(metrics).contains("mars_ingest_kafka_send_seconds_count");
  }

  @Test
  void leavesWriteRoutesOutOfTheRequestObservations() throws Exception {
    http.postJson(
        "/api/event", event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));
    http.send(http.request("/actuator/health").GET());

    String metrics = http.send(http.request("/actuator/prometheus").GET()).body();

    assertThat(metrics)
        .contains("http_server_requests_seconds_count{")
        .contains("/actuator/health");
    assertThat(metrics).doesNotContain("uri=\"/api/event\"");
  }

  @Test
  void acceptsACounterIncrementOnceKafkaHoldsIt() throws Exception {
    String key = "counter-" + messageId;

    HttpResponse<String> response =
        http.postJson(
            "/increment",
            "{\"key\":\"" + key + "\",\"value\":-9007199254740993,\"request_id\":\"r-1\"}");

    assertThat(response.statusCode()).isEqualTo(202);
    List<ConsumerRecord<String, String>> records =
        TopicContents.recordsWithKey(KAFKA.bootstrapServers(), INCREMENTS, key);
    assertThat(records).hasSize(1);
    JsonNode value = JSON.readTree(records.get(0).value());
    assertThat(value.get("value").asLong()).isEqualTo(-9007199254740993L);
    assertThat(value.get("request_id").asString()).isEqualTo("r-1");
  }

  @Test
  void rejectsAnIncrementThatIsNotASigned64BitInteger() throws Exception {
    String key = "counter-" + messageId;

    for (String value : List.of("1.5", "\"2\"", "9223372036854775808")) {
      HttpResponse<String> response =
          http.postJson("/increment", "{\"key\":\"" + key + "\",\"value\":" + value + "}");
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).at("/errors/0/field").asString())
          .isEqualTo("value");
    }
    assertThat(TopicContents.recordsWithKey(KAFKA.bootstrapServers(), INCREMENTS, key)).isEmpty();
  }

  @Test
  void refusesAnIncrementTheJobWouldDeadLetter() throws Exception {
    String key = "counter-" + messageId;

    HttpResponse<String> response =
        http.postJson(
            "/increment", "{\"key\":\"" + key + "\",\"value\":1,\"request_id\":\"a\\nb\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"field\":\"request_id\"")
        .contains("must not contain control characters");
    assertThat(TopicContents.recordsWithKey(KAFKA.bootstrapServers(), INCREMENTS, key)).isEmpty();
  }

  @Test
  void acceptsABulkOfIncrementsOnceKafkaHoldsThemAll() throws Exception {
    String key = "counter-" + messageId;

    HttpResponse<String> response =
        http.postJson(
            "/increment/bulk",
            increments(
                "{\"key\":\"" + key + "\",\"value\":1,\"request_id\":\"r-1\"}",
                "{\"key\":\"" + key + "\",\"value\":2,\"request_id\":\"r-2\"}",
                "{\"key\":\"" + key + "\",\"value\":-3}"));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(3);
    List<ConsumerRecord<String, String>> records =
        TopicContents.recordsWithKey(KAFKA.bootstrapServers(), INCREMENTS, key);
    assertThat(records)
        .extracting(r -> JSON.readTree(r.value()).get("value").asLong())
        .containsExactly(1L, 2L, -3L);
    assertThat(JSON.readTree(records.get(2).value()).get("request_id").asString()).isNotBlank();
  }

  @Test
  void refusesABulkOfIncrementsWholeNamingEachBadOne() throws Exception {
    String key = "counter-" + messageId;

    HttpResponse<String> response =
        http.postJson(
            "/increment/bulk",
            increments(
                "{\"key\":\"" + key + "\",\"value\":1}",
                "{\"key\":\"" + key + "\",\"value\":1.5}",
                "{\"key\":\"\",\"value\":1}"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode errors = JSON.readTree(response.body()).get("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(errors.get(0).get("field").asString()).isEqualTo("value");
    assertThat(errors.get(1).get("index").asInt()).isEqualTo(2);
    assertThat(errors.get(1).get("field").asString()).isEqualTo("key");
    assertThat(TopicContents.recordsWithKey(KAFKA.bootstrapServers(), INCREMENTS, key)).isEmpty();
  }

  @Test
  void refusesABulkOfMoreIncrementsThanTheLimitNamingIt() throws Exception {
    String key = "counter-" + messageId;
    String[] increments = new String[MAX_BULK + 1];
    Arrays.fill(increments, "{\"key\":\"" + key + "\",\"value\":1}");

    HttpResponse<String> response = http.postJson("/increment/bulk", increments(increments));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body()).at("/errors/0");
    assertThat(error.get("field").asString()).isEqualTo("increments");
    assertThat(error.get("problem").asString())
        .contains("most one request may hold is " + MAX_BULK);
    assertThat(TopicContents.recordsWithKey(KAFKA.bootstrapServers(), INCREMENTS, key)).isEmpty();
  }

  private static String increments(String... increments) {
    return "{\"increments\":[" + String.join(",", increments) + "]}";
  }

  private static String bulk(String... events) {
    return "{\"events\":[" + String.join(",", events) + "]}";
  }

  private ConsumerRecord<String, String> onlyRecord() {
    List<ConsumerRecord<String, String>> records = records();
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private List<ConsumerRecord<String, String>> records() {
    return TopicContents.recordsWithKey(KAFKA.bootstrapServers(), TOPIC, messageId);
  }
}
