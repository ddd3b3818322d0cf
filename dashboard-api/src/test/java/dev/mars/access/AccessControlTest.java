package dev.mars.access;

import static dev.mars.MessageIndex.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.MessageIndex;
import dev.mars.alert.AlertFeed;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.StompSubscriber;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard with users on, against a real Elasticsearch and Kafka: nothing without credentials,
 * and a user granted app-a never sees app-b through any route, query, live topic, alert or counter.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"mars.live.poll-interval=100ms", "mars.access.searches-per-second=1000"})
class AccessControlTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String ALERTS = "alerts-" + UUID.randomUUID();
  private static final String COUNTERS = "counters-" + UUID.randomUUID();
  private static final String SHARED_ID = "shared-" + UUID.randomUUID();
  private static final String B_ONLY_ID = "b-only-" + UUID.randomUUID();
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) {
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.search.counters-index", () -> COUNTERS);
    registry.add("mars.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.kafka.alerts-topic", () -> ALERTS);
    registry.add("mars.access.users", Users::lines);
  }

  @BeforeAll
  static void data() throws Exception {
    index = MessageIndex.create(ELASTICSEARCH.url());
    Instant now = Instant.now();
    index.put(
        message("app-a", SHARED_ID).event("MESSAGE_CREATED", now),
        message("app-b", SHARED_ID).event("MESSAGE_CREATED", now).event("B_SECRET_STAGE", now),
        message("app-b", B_ONLY_ID).event("MESSAGE_CREATED", now));
    for (String counter : List.of("app-a.orders", "app-b.orders")) {
      elasticsearch("PUT", "/" + COUNTERS + "/_doc/" + counter + "?refresh=true", "{\"value\":7}");
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(ALERTS, 1, (short) 1))).all().get();
    }
  }

  @LocalServerPort int port;
  @Autowired AlertFeed alerts;

  @Test
  void nothingWithoutCredentials() throws Exception {
    for (String path :
        List.of(
            "/api/messages",
            "/api/messages?q=*",
            "/api/messages/" + SHARED_ID,
            "/api/changes?since=0",
            "/api/alerts",
            "/api/counters/app-a.orders",
            "/api/stats",
            "/api/q/stats",
            "/actuator/metrics",
            "/actuator/prometheus")) {
      assertThat(get(path, null, null).statusCode()).as(path).isEqualTo(401);
      assertThat(get(path, "alice", "wrong password").statusCode()).as(path).isEqualTo(401);
    }
    HttpResponse<String> page =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Accept", "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
    // Mars's Phoenix socket is no way around the login: refused before its handler (which would
    // answer a request that is not a WebSocket handshake with 400).
    HttpResponse<String> phoenix =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/socket/websocket?vsn=2.0.0"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(phoenix.statusCode()).isIn(302, 401);

    assertThat(StompSubscriber.refusedConnection(ws(), null, null, PATIENCE))
        .contains("credentials are required");
    assertThat(StompSubscriber.refusedConnection(ws(), "alice", "wrong password", PATIENCE))
        .contains("credentials were refused");
  }

  @Test
  void aUserSeesOnlyTheirAppsWhateverTheyAsk() throws Exception {
    for (String q :
        List.of(
            "",
            "*",
            "app_id:app-b",
            "app_id:app-*",
            "stage_names:B_SECRET_STAGE",
            "message_id:" + B_ONLY_ID,
            "NOT app_id:app-a")) {
      JsonNode found = json(get("/api/messages?q=" + encode(q), "alice", Users.PASSWORD));
      assertThat(found.path("hits").findValuesAsString("app_id")).as(q).allMatch("app-a"::equals);
      for (JsonNode facet : found.path("aggregations").path("app_id")) {
        assertThat(facet.path("key").asString()).as(q).isEqualTo("app-a");
      }
    }
    String shared = "/api/messages?q=" + encode("message_id:" + SHARED_ID);
    JsonNode all = json(get(shared, "alice", Users.PASSWORD));
    assertThat(all.path("total").path("value").asLong()).isEqualTo(1);
    long histogram = 0;
    for (JsonNode bucket : all.path("aggregations").path("histogram").path("buckets")) {
      histogram += bucket.path("count").asLong();
    }
    assertThat(histogram).isEqualTo(1);
    // ops is granted every app: the same search finds both.
    assertThat(json(get(shared, "ops", Users.PASSWORD)).path("total").path("value").asLong())
        .isEqualTo(2);

    JsonNode detail = json(get("/api/messages/" + SHARED_ID, "alice", Users.PASSWORD));
    assertThat(detail.path("app_id").asString()).isEqualTo("app-a");
    assertThat(
            get("/api/messages/" + SHARED_ID + "?app_id=app-b", "alice", Users.PASSWORD)
                .statusCode())
        .isEqualTo(404);
    assertThat(get("/api/messages/" + B_ONLY_ID, "alice", Users.PASSWORD).statusCode())
        .isEqualTo(404);

    JsonNode changes = json(get("/api/changes?since=0", "alice", Users.PASSWORD));
    assertThat(changes.path("changes").findValuesAsString("app_id")).containsOnly("app-a");
    assertThat(changes.path("changes")).isNotEmpty();

    assertThat(get("/api/counters/app-a.orders", "alice", Users.PASSWORD).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/counters/app-b.orders", "alice", Users.PASSWORD).statusCode())
        .isEqualTo(404);
    assertThat(get("/api/counters/app-b.orders", "bob", Users.PASSWORD).statusCode())
        .isEqualTo(200);
  }

  @Test
  void liveTopicsAndAlertsCarryOnlyTheirApps() throws Exception {
    await().atMost(PATIENCE).until(alerts::isReading);
    String id = "live-" + UUID.randomUUID();
    try (StompSubscriber alice = StompSubscriber.connect(ws(), "alice", Users.PASSWORD);
        StompSubscriber ops = StompSubscriber.connect(ws(), "ops", Users.PASSWORD)) {
      alice.subscribe("/topic/messages");
      alice.subscribe("/topic/messages." + id);
      alice.subscribe("/topic/messages", Map.of("query", "app_id:app-b OR app_id:app-a"));
      alice.subscribe("/topic/alerts");
      ops.subscribe("/topic/messages." + id);

      Instant now = Instant.now();
      index.put(message("app-b", id).event("B_SECRET_STAGE", now));
      index.put(message("app-a", id).event("MESSAGE_CREATED", now));
      alert("app-b", id);
      alert("app-a", id);

      // ops sees both apps' versions; by then alice's views have had their chance at both too.
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  ops.received().stream().anyMatch(f -> f.contains("\"app-b\""))
                      && ops.received().stream().anyMatch(f -> f.contains("\"app-a\"")));
      await()
          .atMost(PATIENCE)
          .until(() -> alice.received().stream().filter(f -> f.contains(id)).count() >= 4);
      assertThat(alice.received()).noneMatch(frame -> frame.contains("app-b"));
      assertThat(alice.received())
          .filteredOn(frame -> frame.contains(id))
          .allMatch(frame -> frame.contains("\"app-a\""));
      assertThat(json(get("/api/alerts", "alice", Users.PASSWORD)).findValuesAsString("app_id"))
          .containsOnly("app-a");
    }
  }

  @Test
  void aViewCannotBeJoinedByItsNameOrWrittenTo() throws Exception {
    try (StompSubscriber alice = StompSubscriber.connect(ws(), "alice", Users.PASSWORD)) {
      alice.subscribeWithoutReceipt("/topic/filtered.0123456789abcdef01234567", Map.of());
      assertThat(alice.awaitError(PATIENCE)).contains("is not a feed");
    }
    try (StompSubscriber bob = StompSubscriber.connect(ws(), "bob", Users.PASSWORD)) {
      bob.send("/topic/alerts", "{\"alert_id\":\"forged\",\"app_id\":\"app-a\"}");
      assertThat(bob.awaitError(PATIENCE)).contains("clients may not send");
    }
  }

  private void alert(String app, String id) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  ALERTS,
                  id,
                  """
                  {"alert_id":"%s-%s","app_id":"%s","message_id":"%s","from":"in_progress",\
                  "to":"stuck","missing":[],"at":"%s"}"""
                      .formatted(id, app, app, id, Instant.now())))
          .get();
    }
  }

  private String ws() {
    return "ws://127.0.0.1:" + port + "/ws";
  }

  private HttpResponse<String> get(String path, String user, String password) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String q) {
    return URLEncoder.encode(q, StandardCharsets.UTF_8);
  }

  private static void elasticsearch(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ELASTICSEARCH.url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
  }
}
