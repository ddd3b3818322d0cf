package dev.mars.live;

import static dev.mars.MessageIndex.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.MessageIndex;
import dev.mars.alert.AlertFeed;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.StompSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The STOMP feed against a real Elasticsearch and Kafka: timelines fill in, every version arrives
 * once through refresh lag and out-of-order visibility, filtered views show only what their query
 * matches, a reconnecting client catches up, and alerts arrive.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "mars.live.poll-interval=100ms",
      "mars.live.overlap=3s",
      "mars.live.page-size=100",
      "mars.live.max-subscriptions=3"
    })
class LiveFeedTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String ALERTS = "alerts-" + UUID.randomUUID();
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) {
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.kafka.alerts-topic", () -> ALERTS);
  }

  @BeforeAll
  static void indexAndTopic() throws Exception {
    index = MessageIndex.create(ELASTICSEARCH.url());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(ALERTS, 2, (short) 1))).all().get();
    }
  }

  @LocalServerPort int port;
  @Autowired AlertFeed alerts;

  @Test
  void fillsInAMessagesTimeline() throws Exception {
    String id = "timeline-" + UUID.randomUUID();
    Instant t0 = Instant.now();
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe("/topic/messages." + id);

      index.put(message("app", id).event("MESSAGE_CREATED", t0));
      JsonNode first =
          JSON.readTree(subscriber.awaitFrame(PATIENCE, f -> f.contains("\"event_count\":1")));
      index.put(
          message("app", id)
              .event("MESSAGE_CREATED", t0)
              .event("MESSAGE_REACHED_BACKEND", t0.plusMillis(300)));
      JsonNode second =
          JSON.readTree(subscriber.awaitFrame(PATIENCE, f -> f.contains("\"event_count\":2")));

      assertThat(first.get("events")).hasSize(1);
      assertThat(second.get("events").get(1).get("event").asString())
          .isEqualTo("MESSAGE_REACHED_BACKEND");
    }
  }

  @Test
  void sendsEveryLatestVersionOnceThroughRefreshLagAndLateVisibility() throws Exception {
    String app = "lag-" + UUID.randomUUID();
    int messages = 40;
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe("/topic/messages");
      index.settings("{\"index\":{\"refresh_interval\":\"-1\"}}");
      try {
        Instant t0 = Instant.now();
        for (int version = 1; version <= 3; version++) {
          List<MessageIndex.Message> batch = new ArrayList<>();
          for (int i = 0; i < messages; i++) {
            MessageIndex.Message m = message(app, "m" + i);
            for (int e = 0; e < version; e++) {
              m.event("STAGE_" + e, t0.plusMillis(e));
            }
            // Odd messages claim an updated_at a second old: visible after newer ones.
            Instant updatedAt = Instant.now().minusMillis(i % 2 == 1 ? 1_000 : 0);
            batch.add(m.updatedAt(updatedAt));
          }
          index.putUnrefreshed(batch.toArray(MessageIndex.Message[]::new));
          index.refresh();
        }
      } finally {
        index.settings("{\"index\":{\"refresh_interval\":null}}");
      }

      // Every message's last version arrives; no version arrives twice, however often re-read.
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  versions(subscriber, app).stream().filter(v -> v.endsWith("#3")).count()
                      == messages);
      await()
          .during(Duration.ofSeconds(4)) // longer than the overlap re-read after each change
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  versions(subscriber, app).size()
                      == new HashSet<>(versions(subscriber, app)).size());
    }
  }

  @Test
  void looksFurtherBackOnceVersionsBecomeVisibleLaterAndLater() throws Exception {
    String app = "later-" + UUID.randomUUID();
    Instant newest = Instant.now();
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe("/topic/messages");

      index.put(message(app, "newest").event("MESSAGE_CREATED", newest).updatedAt(newest));
      await().atMost(PATIENCE).until(() -> versions(subscriber, app).size() == 1);
      // Two seconds behind the newest, within the 3 s overlap: seen, and the look-back widens.
      index.put(
          message(app, "late")
              .event("MESSAGE_CREATED", newest)
              .updatedAt(newest.minusMillis(2_000)));
      await().atMost(PATIENCE).until(() -> versions(subscriber, app).size() == 2);
      // 3.5 s behind: past the configured overlap, so only a widened look-back finds it.
      index.put(
          message(app, "later")
              .event("MESSAGE_CREATED", newest)
              .updatedAt(newest.minusMillis(3_500)));
      await().atMost(PATIENCE).until(() -> versions(subscriber, app).size() == 3);
    }
  }

  @Test
  void waitsForVersionsTheJobsSinkHasNotWrittenYetHoweverLateTheyShowUp() throws Exception {
    String app = "held-" + UUID.randomUUID();
    Instant newest = Instant.now();
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe("/topic/messages");
      // One subtask of the job's sink has written only what it stamped 20 s ago: it is retrying.
      index.sinkProgress(0, 2, newest);
      index.sinkProgress(1, 2, newest.minusSeconds(20));

      index.put(message(app, "newest").event("MESSAGE_CREATED", newest).updatedAt(newest));
      await().atMost(PATIENCE).until(() -> versions(subscriber, app).size() == 1);
      // Its version shows up at last: 15 s behind the newest, far past the 3 s overlap.
      index.put(
          message(app, "held").event("MESSAGE_CREATED", newest).updatedAt(newest.minusSeconds(15)));

      await().atMost(PATIENCE).until(() -> versions(subscriber, app).size() == 2);
    } finally {
      index.deleteSinkProgress();
    }
  }

  @Test
  void showsEveryVersionTheSinkSaysItWroteThoughElasticsearchHasNotRefreshedIt() throws Exception {
    String app = "unrefreshed-" + UUID.randomUUID();
    Instant stamped = Instant.now();
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe("/topic/messages");
      index.settings("{\"index\":{\"refresh_interval\":\"-1\"}}");
      try {
        // Taken by Elasticsearch, not searchable yet; the sink has since written later requests.
        index.putUnrefreshed(
            message(app, "taken").event("MESSAGE_CREATED", stamped).updatedAt(stamped));
        index.sinkProgress(0, 1, stamped.plusSeconds(1));

        await().atMost(PATIENCE).until(() -> versions(subscriber, app).size() == 1);
      } finally {
        index.settings("{\"index\":{\"refresh_interval\":null}}");
        index.deleteSinkProgress();
      }
    }
  }

  @Test
  void worksThroughABurstLargerThanAnyOneRequestMayRead() throws Exception {
    String app = "burst-" + UUID.randomUUID();
    index.settings("{\"index\":{\"max_result_window\":500}}");
    Instant t0 = Instant.now();
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe("/topic/messages");

      List<MessageIndex.Message> burst = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        burst.add(message(app, "b" + i).event("MESSAGE_CREATED", t0));
      }
      index.put(burst.toArray(MessageIndex.Message[]::new));

      await()
          .atMost(PATIENCE)
          .until(() -> new HashSet<>(versions(subscriber, app)).size() == 1_200);
    } finally {
      index.settings("{\"index\":{\"max_result_window\":null}}");
    }
  }

  @Test
  void showsAFilteredViewOnlyWhatItsQueryMatches() throws Exception {
    String app = "filtered-" + UUID.randomUUID();
    Instant t0 = Instant.now();
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribe(
          "/topic/messages", Map.of("query", "app_id:\"" + app + "\" AND status:stuck"));

      index.put(message(app, "fine").event("MESSAGE_CREATED", t0));
      index.put(
          message(app, "stuck")
              .event("MESSAGE_CREATED", t0)
              .status("stuck", "MESSAGE_REACHED_BACKEND"));

      JsonNode stuck = JSON.readTree(subscriber.awaitFrame(PATIENCE, f -> f.contains(app)));
      assertThat(stuck.get("message_id").asString()).isEqualTo("stuck");
      assertThat(subscriber.received()).noneMatch(f -> f.contains("\"fine\""));
    }
  }

  @Test
  void answersAnInvalidFilterWithAnErrorNamingTheProblem() throws Exception {
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribeWithoutReceipt("/topic/messages", Map.of("query", "message_id:*42"));

      assertThat(subscriber.awaitError(PATIENCE)).contains("leading wildcards are not allowed");
    }
  }

  @Test
  void answersAFilterElasticsearchRefusesWithAnError() throws Exception {
    try (StompSubscriber subscriber = connect()) {
      subscriber.subscribeWithoutReceipt("/topic/messages", Map.of("query", "event_count:abc"));

      assertThat(subscriber.awaitError(PATIENCE)).contains("Elasticsearch cannot run it");
    }
  }

  /**
   * Repeated: the refusal comes right after the receipt of the subscription before it, and its
   * ERROR frame was once lost when it met that receipt being written.
   */
  @RepeatedTest(20)
  void refusesMoreSubscriptionsOnOneConnectionThanAllowed() throws Exception {
    try (StompSubscriber subscriber = connect()) {
      for (int i = 0; i < 3; i++) {
        subscriber.subscribe("/topic/messages.m-" + i);
      }

      subscriber.subscribeWithoutReceipt("/topic/messages.m-3", Map.of());

      assertThat(subscriber.awaitError(PATIENCE))
          .contains("at most 3 subscriptions per connection");
    }
    assertThat(
            get("/actuator/metrics/mars.live.subscriptions.refused?tag=reason:subscription_limit"))
        .contains("\"COUNT\"");
  }

  @Test
  void letsAReconnectingClientCatchUpFromItsLastCursor() throws Exception {
    String app = "resume-" + UUID.randomUUID();
    Instant t0 = Instant.now();
    // Further back than the cursor and any look-back (at most mars.live.max-overlap, 60 s).
    index.put(message(app, "before").event("MESSAGE_CREATED", t0).updatedAt(t0.minusSeconds(120)));
    long cursor = t0.minusSeconds(30).toEpochMilli(); // the last frame the client saw
    index.put(
        message(app, "missed-1").event("MESSAGE_CREATED", t0),
        message(app, "missed-2").event("MESSAGE_CREATED", t0));

    JsonNode changes = changesOfApp(app, cursor);

    List<String> ids = new ArrayList<>();
    changes.get("changes").forEach(c -> ids.add(c.get("document").get("message_id").asString()));
    assertThat(ids).containsExactlyInAnyOrder("missed-1", "missed-2");
    assertThat(changes.get("truncated").asBoolean()).isFalse();
    assertThat(changes.get("changes").get(0).get("version").asLong()).isPositive();
  }

  @Test
  void catchesUpFromTheBeginningOrBeforeIt() throws Exception {
    String app = "from-zero-" + UUID.randomUUID();
    index.put(message(app, "first").event("MESSAGE_CREATED", Instant.now()));
    for (long since : new long[] {0, -5174, Long.MIN_VALUE / 2}) {
      assertThat(changesOfApp(app, since).get("changes")).as("since=" + since).hasSize(1);
    }
  }

  @Test
  void pagesThroughMoreChangesThanOneAnswerHolds() throws Exception {
    String app = "paged-" + UUID.randomUUID();
    Instant t0 = Instant.now();
    long cursor = t0.minusSeconds(30).toEpochMilli();
    List<MessageIndex.Message> batch = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      batch.add(message(app, "m" + i).event("MESSAGE_CREATED", t0).updatedAt(t0.plusMillis(i)));
    }
    index.put(batch.toArray(MessageIndex.Message[]::new));
    String q =
        java.net.URLEncoder.encode(
            "app_id:\"" + app + "\"", java.nio.charset.StandardCharsets.UTF_8);

    List<String> ids = new ArrayList<>();
    int answers = 0;
    String after = null;
    do {
      JsonNode page =
          JSON.readTree(
              get(
                  "/api/changes?since="
                      + cursor
                      + "&q="
                      + q
                      + (after == null ? "" : "&after=" + after)));
      page.get("changes").forEach(c -> ids.add(c.get("document").get("message_id").asString()));
      after = page.get("next").isNull() ? null : page.get("next").asString();
      answers++;
    } while (after != null);

    assertThat(answers).isGreaterThanOrEqualTo(3); // page size 100 here
    assertThat(ids).hasSize(250).doesNotHaveDuplicates();
  }

  @Test
  void pushesEachStatusChangeFromTheAlertsTopic() throws Exception {
    await().atMost(PATIENCE).until(alerts::isReading);
    String id = "alerted-" + UUID.randomUUID();
    try (StompSubscriber subscriber = connect();
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
      subscriber.subscribe("/topic/alerts");

      producer
          .send(
              new ProducerRecord<>(
                  ALERTS,
                  id,
                  """
                  {"alert_id":"%s-1","app_id":"app","message_id":"%s","from":"in_progress",\
                  "to":"stuck","missing":["MESSAGE_REACHED_BACKEND"],"at":"%s"}"""
                      .formatted(id, id, Instant.now())))
          .get();

      JsonNode alert = JSON.readTree(subscriber.awaitFrame(PATIENCE, f -> f.contains(id)));
      assertThat(alert.get("to").asString()).isEqualTo("stuck");
      assertThat(get("/api/alerts")).contains(id);
    }
  }

  @Test
  void refusesWhatAClientSendsToATopicAndNobodyReceivesIt() throws Exception {
    await().atMost(PATIENCE).until(alerts::isReading);
    String id = "real-" + UUID.randomUUID();
    try (StompSubscriber listener = connect();
        StompSubscriber forger = connect();
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
      listener.subscribe("/topic/alerts");

      forger.send("/topic/alerts", "{\"alert_id\":\"forged\",\"to\":\"stuck\"}");
      assertThat(forger.awaitError(PATIENCE)).contains("clients may not send to /topic/alerts");

      producer
          .send(
              new ProducerRecord<>(
                  ALERTS,
                  id,
                  """
                  {"alert_id":"%s-1","app_id":"app","message_id":"%s","from":"in_progress",\
                  "to":"stuck","missing":[],"at":"%s"}"""
                      .formatted(id, id, Instant.now())))
          .get();
      assertThat(listener.awaitFrame(PATIENCE, frame -> true)).contains(id);
      assertThat(listener.received()).noneMatch(frame -> frame.contains("forged"));
    }
  }

  /** The (message, event count) of every frame of the app received, repeats included. */
  private static List<String> versions(StompSubscriber subscriber, String app) {
    List<String> versions = new ArrayList<>();
    for (String frame : subscriber.received()) {
      JsonNode document = JSON.readTree(frame);
      if (document.path("app_id").asString("").equals(app)) {
        versions.add(
            document.get("message_id").asString() + "#" + document.get("event_count").asInt());
      }
    }
    return versions;
  }

  /** {@code GET /api/changes} since {@code since}, filtered to one app's messages. */
  private JsonNode changesOfApp(String app, long since) throws Exception {
    return JSON.readTree(
        get(
            "/api/changes?since="
                + since
                + "&q="
                + java.net.URLEncoder.encode(
                    "app_id:\"" + app + "\"", java.nio.charset.StandardCharsets.UTF_8)));
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private StompSubscriber connect() throws Exception {
    return StompSubscriber.connect("ws://127.0.0.1:" + port + "/ws");
  }
}
