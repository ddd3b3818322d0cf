package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.grpc.marsweb.EventRequest;
import dev.mars.grpc.marsweb.EventResponse;
import dev.mars.grpc.marsweb.MarsGrpcGrpc;
import dev.mars.job.MarsJob;
import dev.mars.job.MarsJobConfig;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.PrometheusServer;
import dev.mars.testing.StompSubscriber;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event's whole journey: HTTP → ingest-api → Kafka → the job on a MiniCluster → Elasticsearch →
 * dashboard-api → a STOMP client, every part real; and a Mars gRPC client's event likewise.
 */
class EventJourneyITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final int FLINK_METRICS_PORT = Infra.freePort();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String TOPIC = "events-" + SUFFIX;
  private static final String INDEX = "messages-" + SUFFIX;
  private static final String INCREMENTS = "increments-" + SUFFIX;
  private static final String COUNTERS = "counters-" + SUFFIX;

  private static final int INGEST_GRPC_PORT = Infra.freePort();

  private static ServiceJar ingest;
  private static ServiceJar dashboard;
  private static JobClient job;

  @BeforeAll
  static void startMars() throws Exception {
    ingest =
        ServiceJar.start(
            "ingest-api",
            "mars.ingest.jar",
            "--mars.ingest.bootstrap-servers=" + KAFKA.bootstrapServers(),
            "--mars.ingest.topic=" + TOPIC,
            "--mars.ingest.increments-topic=" + INCREMENTS,
            "--mars.ingest.partitions=2",
            // The fixtures carry fixed dates (2026-11-23): a range that keeps them valid for years.
            "--mars.ingest.created-at-range=36500d",
            "--spring.grpc.server.port=" + INGEST_GRPC_PORT);
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--kafka.topic",
              TOPIC,
              "--elasticsearch.hosts",
              ELASTICSEARCH.url(),
              "--elasticsearch.index",
              INDEX,
              "--kafka.increments-topic",
              INCREMENTS,
              "--elasticsearch.counters-index",
              COUNTERS,
              "--kafka.alerts-topic",
              "alerts-" + SUFFIX,
              "--kafka.group-id",
              "mars-e2e-" + SUFFIX,
              "--kafka.partitions",
              "2",
              "--parallelism",
              "2",
              "--checkpoint.interval.ms",
              "2000",
              "--event.created-at-range.days",
              "36500",
              // Submitted before the extension's cluster is the tests' context, the job runs on a
              // local cluster of its own, as ./mars start runs it: metrics on loopback.
              "--flink.metrics.port",
              String.valueOf(FLINK_METRICS_PORT)
            },
            Map.of());
    config.prepareKafkaAndElasticsearch();
    job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-e2e");
    dashboard =
        ServiceJar.start(
            "dashboard-api",
            "mars.dashboard.jar",
            "--mars.search.hosts=" + ELASTICSEARCH.url(),
            "--mars.search.index=" + INDEX,
            "--mars.search.counters-index=" + COUNTERS);
  }

  @AfterAll
  static void stopMars() throws Exception {
    if (dashboard != null) {
      dashboard.close();
    }
    if (job != null) {
      job.cancel().get();
    }
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  void threeEventsPostedOverHttpAreSearchableInOrderAndPushedLive() throws Exception {
    String messageId = UUID.randomUUID().toString();
    String ws = dashboard.url().replace("http://", "ws://") + "/ws";
    try (StompSubscriber subscriber = StompSubscriber.connect(ws)) {
      subscriber.subscribe("/topic/messages." + messageId);

      for (String[] event :
          List.of(
              new String[] {"MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01.500Z"},
              new String[] {"MESSAGE_CREATED", "2026-11-23T10:00:00Z"},
              new String[] {"MESSAGE_IN_SEARCH_QUEUE", "2026-11-23T10:00:02Z"})) {
        HttpResponse<String> response =
            post(
                "/api/event",
                """
                {"app_id":"app-00","message_id":"%s","event":"%s","created_at":"%s"}"""
                    .formatted(messageId, event[0], event[1]));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      }

      JsonNode document =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> message(messageId),
                  doc -> doc != null && doc.get("event_count").asInt() == 3);
      assertThat(document.get("events").findValuesAsText("event"))
          .containsExactly("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND", "MESSAGE_IN_SEARCH_QUEUE");
      assertThat(document.get("first_seen").asText()).isEqualTo("2026-11-23T10:00:00Z");
      assertThat(document.get("last_seen").asText()).isEqualTo("2026-11-23T10:00:02Z");

      JsonNode pushed =
          JSON.readTree(
              subscriber.awaitFrame(
                  Duration.ofSeconds(30), frame -> frame.contains("\"event_count\":3")));
      assertThat(pushed.get("message_id").asText()).isEqualTo(messageId);
      assertThat(pushed.get("events")).hasSize(3);
    }
  }

  @Test
  void anEventSentByAMarsGrpcClientReachesElasticsearch() throws Exception {
    String messageId = UUID.randomUUID().toString();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", INGEST_GRPC_PORT).usePlaintext().build();
    try {
      EventResponse response =
          MarsGrpcGrpc.newBlockingStub(channel)
              .collectEvent(
                  EventRequest.newBuilder()
                      .setAppId("app-07")
                      .setMessageId(messageId)
                      .setEvent("MESSAGE_CREATED")
                      .setCreatedAt("2026-11-23T10:00:00Z")
                      .build());
      assertThat(response.getSuccess()).isTrue();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    JsonNode document =
        await().atMost(Duration.ofSeconds(60)).until(() -> message(messageId), doc -> doc != null);
    assertThat(document.get("app_id").asText()).isEqualTo("app-07");
    assertThat(document.get("events").findValuesAsText("event")).containsExactly("MESSAGE_CREATED");
  }

  @Test
  void countsIncrementsExactlyOnceEvenWhenAClientRetries() throws Exception {
    String key = "signups-" + UUID.randomUUID();
    for (String body :
        List.of(
            "{\"key\":\"%s\",\"value\":5,\"request_id\":\"r-1\"}",
            "{\"key\":\"%s\",\"value\":5,\"request_id\":\"r-1\"}",
            "{\"key\":\"%s\",\"value\":-2}")) {
      HttpResponse<String> response = post("/increment", body.formatted(key));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    JsonNode counter =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> get("/api/counters/" + key), c -> c != null && c.get("value").asLong() == 3);
    assertThat(counter.get("key").asText()).isEqualTo(key);
  }

  @Test
  void attributesSentWithAnEventAreSearchable() throws Exception {
    String sms = UUID.randomUUID().toString();
    String push = UUID.randomUUID().toString();
    for (String[] message : List.of(new String[] {sms, "sms"}, new String[] {push, "push"})) {
      HttpResponse<String> response =
          post(
              "/api/event",
              """
              {"app_id":"app-attr","message_id":"%s","event":"MESSAGE_CREATED",
               "created_at":"2026-11-23T10:00:00Z","external_id":"ext-%s",
               "attributes":{"channel":"%s"}}"""
                  .formatted(message[0], message[0], message[1]));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    JsonNode found =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    get(
                        "/api/messages?q="
                            + java.net.URLEncoder.encode(
                                "app_id:app-attr AND attributes.channel:sms",
                                java.nio.charset.StandardCharsets.UTF_8)),
                page -> page != null && page.get("hits").size() > 0);
    assertThat(found.get("hits").findValuesAsText("message_id")).containsExactly(sms);
    JsonNode document = message(sms);
    assertThat(document.get("external_id").asText()).isEqualTo("ext-" + sms);
    assertThat(document.get("attributes").get("channel").asText()).isEqualTo("sms");
  }

  @Test
  void everyPartReportsEverySeriesTheBoardAndTheRulesUseToAPrometheus() throws Exception {
    post(
        "/api/event",
        """
        {"app_id":"app-prom","message_id":"%s","event":"MESSAGE_CREATED",
         "created_at":"2026-11-23T10:00:00Z"}"""
            .formatted(UUID.randomUUID()));
    Path infra = Infra.file("");
    List<PrometheusServer.Target> targets =
        List.of(
            new PrometheusServer.Target(
                "mars-ingest", "/actuator/prometheus", ingest.url().substring(7)),
            new PrometheusServer.Target(
                "mars-dashboard", "/actuator/prometheus", dashboard.url().substring(7)),
            new PrometheusServer.Target(
                "mars-flink", "/metrics", "127.0.0.1:" + FLINK_METRICS_PORT));
    try (PrometheusServer prometheus =
        PrometheusServer.start(infra.resolve("prometheus/rules.yml"), targets)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  JSON.readTree(prometheus.query("sum(up)")).at("/data/result/0/value/1").asText(),
              "3"::equals);
      for (String series : seriesUsedBy(infra)) {
        await(series)
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    JSON.readTree(prometheus.query("count({__name__=\"" + series + "\"})"))
                        .at("/data/result")
                        .size(),
                found -> found > 0);
      }
    }
  }

  /** The metric names the Grafana board's queries and the alerting rules name. */
  private static java.util.Set<String> seriesUsedBy(Path infra) throws Exception {
    String text =
        java.nio.file.Files.readString(infra.resolve("grafana/mars-pipeline.json"))
            + java.nio.file.Files.readString(infra.resolve("prometheus/rules.yml"));
    java.util.Set<String> names = new java.util.TreeSet<>();
    java.util.regex.Matcher name =
        java.util.regex.Pattern.compile("\\b((?:mars|flink)_[A-Za-z0-9_]+)").matcher(text);
    while (name.find()) {
      names.add(name.group(1));
    }
    assertThat(names).contains("mars_pipeline_stuck", "flink_jobmanager_job_numRestarts");
    return names;
  }

  private static JsonNode message(String messageId) throws Exception {
    return get("/api/messages/" + messageId);
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(ingest.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
