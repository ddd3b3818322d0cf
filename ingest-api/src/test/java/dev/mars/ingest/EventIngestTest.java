package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP routes against a real Kafka broker, each test on a topic of its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventIngestTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.partitions", () -> 2);
  }

  @LocalServerPort int port;

  @Test
  void acceptsAnEventOnceKafkaHoldsIt() throws Exception {
    String messageId = UUID.randomUUID().toString();

    HttpResponse<String> response =
        post("/api/event", event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));

    assertThat(response.statusCode()).isEqualTo(202);
    ConsumerRecord<String, String> record = onlyRecordFor(messageId);
    assertThat(record.key()).isEqualTo(messageId);
    JsonNode value = JSON.readTree(record.value());
    assertThat(value.get("app_id").asString()).isEqualTo("app-00");
    assertThat(value.get("event").asString()).isEqualTo("MESSAGE_CREATED");
    assertThat(value.get("created_at").asString()).isEqualTo("2026-11-23T10:00:00Z");
  }

  @Test
  void namesEachMissingFieldAndWritesNothing() throws Exception {
    String messageId = UUID.randomUUID().toString();

    HttpResponse<String> response =
        post("/api/event", "{\"message_id\":\"" + messageId + "\",\"event\":\"\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("errors").findValuesAsString("field"))
        .containsExactly("app_id", "event", "created_at");
    assertThat(recordsFor(messageId)).isEmpty();
  }

  @Test
  void rejectsAWholeBulkForOneBadEvent() throws Exception {
    String messageId = UUID.randomUUID().toString();
    String bulk =
        "{\"events\":["
            + event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z")
            + ","
            + event("app-00", messageId, "MESSAGE_REACHED_BACKEND", "not a time")
            + "]}";

    HttpResponse<String> response = post("/api/event/bulk", bulk);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
    assertThat(error.get("index").asInt()).isEqualTo(1);
    assertThat(error.get("field").asString()).isEqualTo("created_at");
    assertThat(recordsFor(messageId)).isEmpty();
  }

  @Test
  void acceptsABulkOfEvents() throws Exception {
    String messageId = UUID.randomUUID().toString();
    String bulk =
        "{\"events\":["
            + event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z")
            + ","
            + event("app-00", messageId, "MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01Z")
            + "]}";

    HttpResponse<String> response = post("/api/event/bulk", bulk);

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(2);
    assertThat(recordsFor(messageId)).hasSize(2);
  }

  @Test
  void answersMalformedJsonAndWrongContentTypeWithA4xx() throws Exception {
    assertThat(post("/api/event", "{not json").statusCode()).isEqualTo(400);
    HttpResponse<String> text =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(text.statusCode()).isEqualTo(415);
  }

  private static String event(String app, String message, String stage, String at) {
    return """
        {"app_id":"%s","message_id":"%s","event":"%s","created_at":"%s"}"""
        .formatted(app, message, stage, at);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private ConsumerRecord<String, String> onlyRecordFor(String messageId) {
    List<ConsumerRecord<String, String>> records = recordsFor(messageId);
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  /** Reads the topic from the start to its current end: what Kafka holds right now. */
  private static List<ConsumerRecord<String, String>> recordsFor(String messageId) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      var partitions =
          consumer.partitionsFor(TOPIC).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(TOPIC, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (messageId.equals(record.key())) {
            records.add(record);
          }
        }
      }
      return records;
    }
  }
}
