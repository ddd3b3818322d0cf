package dev.mars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.StompSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
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
 * The message and counter APIs and the STOMP feed against a real Elasticsearch, on indices of their
 * own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardApiTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final String INDEX = "messages-" + UUID.randomUUID();
  private static final String COUNTERS = "counters-" + UUID.randomUUID();
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void elasticsearch(DynamicPropertyRegistry registry) {
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> INDEX);
    registry.add("mars.search.counters-index", () -> COUNTERS);
  }

  @LocalServerPort int port;

  @BeforeAll
  static void createIndex() throws Exception {
    send(
        "PUT",
        "/" + INDEX,
        """
        {"settings": {"number_of_replicas": 0},
         "mappings": {"properties": {
           "app_id": {"type": "keyword"}, "message_id": {"type": "keyword"},
           "updated_at": {"type": "date"}}}}""");
  }

  @Test
  void listensOnLoopbackOnlyAsItShips() {
    assertThat(dev.mars.testing.Listeners.on(port))
        .isNotEmpty()
        .allMatch(java.net.InetAddress::isLoopbackAddress);
  }

  @Test
  void pushesEachChangedDocumentToItsMessagesTopic() throws Exception {
    String messageId = UUID.randomUUID().toString();
    try (StompSubscriber subscriber = StompSubscriber.connect("ws://127.0.0.1:" + port + "/ws")) {
      subscriber.subscribe("/topic/messages." + messageId);

      index("doc-1", "app-00", messageId, 1);
      JsonNode first = JSON.readTree(subscriber.awaitFrame(Duration.ofSeconds(15), f -> true));
      index("doc-1", "app-00", messageId, 2);
      JsonNode second =
          JSON.readTree(
              subscriber.awaitFrame(Duration.ofSeconds(15), f -> f.contains("\"event_count\":2")));

      assertThat(first.get("message_id").asString()).isEqualTo(messageId);
      assertThat(first.get("event_count").asInt()).isEqualTo(1);
      assertThat(second.get("event_count").asInt()).isEqualTo(2);
    }
  }

  @Test
  void answersAMessagesDocumentAndPicksTheAppAsked() throws Exception {
    String messageId = UUID.randomUUID().toString();
    index("doc-a-" + messageId, "app-a", messageId, 1);
    index("doc-b-" + messageId, "app-b", messageId, 2);

    HttpResponse<String> asked = get("/api/messages/" + messageId + "?app_id=app-a");

    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(asked.body()).get("app_id").asString()).isEqualTo("app-a");
    assertThat(get("/api/messages/" + messageId).statusCode()).isEqualTo(200);
  }

  @Test
  void keepsTheDocumentsFieldsInStoredOrder() throws Exception {
    String messageId = UUID.randomUUID().toString();
    send(
        "PUT",
        "/" + INDEX + "/_doc/ordered-" + messageId + "?refresh=true",
        """
        {"app_id":"app-00","message_id":"%s","updated_at":"%s",
         "stages":{"MESSAGE_CREATED":"2026-11-23T10:00:00Z","MESSAGE_REACHED_BACKEND":"2026-11-23T10:00:01Z",
                   "MESSAGE_IN_SEARCH_QUEUE":"2026-11-23T10:00:02Z","MESSAGE_DELIVERED":"2026-11-23T10:00:03Z"}}"""
            .formatted(messageId, Instant.now()));

    String body = get("/api/messages/" + messageId).body();

    assertThat(body.indexOf("MESSAGE_CREATED"))
        .isLessThan(body.indexOf("MESSAGE_REACHED_BACKEND"))
        .isLessThan(body.indexOf("MESSAGE_IN_SEARCH_QUEUE"));
    assertThat(body.indexOf("MESSAGE_IN_SEARCH_QUEUE"))
        .isLessThan(body.indexOf("MESSAGE_DELIVERED"));
  }

  @Test
  void answers404ForAnUnknownMessage() throws Exception {
    HttpResponse<String> response = get("/api/messages/" + UUID.randomUUID());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(response.body()).get("error").asString()).contains("no message");
  }

  @Test
  void answersACountersTotalAnd404ForAnUnknownOne() throws Exception {
    assertThat(get("/api/counters/signups").statusCode()).isEqualTo(404);

    send(
        "PUT", "/" + COUNTERS + "/_doc/signups?refresh=true", "{\"key\":\"signups\",\"value\":-5}");

    HttpResponse<String> response = get("/api/counters/signups");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("value").asLong()).isEqualTo(-5);
    assertThat(get("/api/counters/logins").statusCode()).isEqualTo(404);
  }

  private static void index(String id, String app, String messageId, int eventCount)
      throws Exception {
    send(
        "PUT",
        "/" + INDEX + "/_doc/" + id + "?refresh=true",
        """
        {"app_id":"%s","message_id":"%s","event_count":%d,"updated_at":"%s"}"""
            .formatted(app, messageId, eventCount, Instant.now()));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ELASTICSEARCH.url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
  }
}
