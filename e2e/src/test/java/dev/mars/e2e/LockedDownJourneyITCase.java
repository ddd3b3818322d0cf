package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.job.MarsJob;
import dev.mars.job.MarsJobConfig;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.ElasticsearchTlsProxy;
import dev.mars.testing.Infra;
import dev.mars.testing.KafkaExtension;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Mars locked down end to end: every Kafka client of ingest, the job and the dashboard over
 * SASL_SSL (TLS, SASL/PLAIN logins) given by one client configuration file; Elasticsearch over
 * HTTPS with a user and password (through a proxy standing in for its security module); writes with
 * an ingest key, reads as a dashboard user.
 */
class LockedDownJourneyITCase {

  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.secured();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

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
  private static final String KEY = "key-" + UUID.randomUUID();
  private static final String PASSWORD = "password-" + UUID.randomUUID();

  private static final String ES_PASSWORD = "es-" + UUID.randomUUID();
  private static ElasticsearchTlsProxy elasticsearch;
  private static ServiceJar ingest;
  private static ServiceJar dashboard;
  private static JobClient job;

  @BeforeAll
  static void startMars() throws Exception {
    Path clientConfig = Infra.workDir("mars-kafka-client").resolve("client.properties");
    Properties client = new Properties();
    client.putAll(KAFKA.secureClientProperties());
    try (Writer out = Files.newBufferedWriter(clientConfig)) {
      client.store(out, "Kafka client configuration of every Mars part");
    }
    String kafka = KAFKA.secureBootstrapServers();
    elasticsearch = ElasticsearchTlsProxy.start(ELASTICSEARCH.url(), ES_PASSWORD);
    String trustStore = elasticsearch.certificates().trustStore().toString();
    String trustPassword = elasticsearch.certificates().password();
    ingest =
        ServiceJar.start(
            "ingest-api",
            "mars.ingest.jar",
            "--mars.ingest.bootstrap-servers=" + kafka,
            "--mars.ingest.kafka-client-config=" + clientConfig,
            "--mars.ingest.topic=" + TOPIC,
            "--mars.ingest.increments-topic=increments-" + SUFFIX,
            "--mars.ingest.partitions=2",
            "--mars.ingest.keys=writer sha256:" + sha256(KEY) + " app-a");
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers",
              kafka,
              "--kafka.client-config",
              clientConfig.toString(),
              "--kafka.topic",
              TOPIC,
              "--kafka.increments-topic",
              "increments-" + SUFFIX,
              "--kafka.alerts-topic",
              "alerts-" + SUFFIX,
              "--kafka.refused-documents-topic",
              "refused-" + SUFFIX,
              "--kafka.group-id",
              "mars-secure-" + SUFFIX,
              "--kafka.partitions",
              "2",
              "--elasticsearch.hosts",
              elasticsearch.url(),
              "--elasticsearch.username",
              ElasticsearchTlsProxy.USER,
              "--elasticsearch.password",
              ES_PASSWORD,
              "--elasticsearch.truststore",
              trustStore,
              "--elasticsearch.truststore-password",
              trustPassword,
              "--elasticsearch.index",
              INDEX,
              "--elasticsearch.counters-index",
              "counters-" + SUFFIX,
              "--parallelism",
              "2",
              "--checkpoint.interval.ms",
              "2000"
            },
            Map.of());
    config.prepareKafkaAndElasticsearch();
    job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-secure");
    dashboard =
        ServiceJar.start(
            "dashboard-api",
            "mars.dashboard.jar",
            "--mars.kafka.bootstrap-servers=" + kafka,
            "--mars.kafka.client-config=" + clientConfig,
            "--mars.kafka.events-topic=" + TOPIC,
            "--mars.kafka.alerts-topic=alerts-" + SUFFIX,
            "--mars.kafka.job-group=mars-secure-" + SUFFIX,
            "--mars.search.hosts=" + elasticsearch.url(),
            "--mars.search.username=" + ElasticsearchTlsProxy.USER,
            "--mars.search.password=" + ES_PASSWORD,
            "--mars.search.truststore=" + trustStore,
            "--mars.search.truststore-password=" + trustPassword,
            "--mars.search.index=" + INDEX,
            "--mars.access.users=alice {bcrypt}"
                + new BCryptPasswordEncoder(4).encode(PASSWORD)
                + " app-a");
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
    if (elasticsearch != null) {
      elasticsearch.close();
    }
  }

  @Test
  void anEventTravelsEncryptedAndLoggedInAllTheWayToTheUserWhoMaySeeIt() throws Exception {
    String messageId = UUID.randomUUID().toString();
    HttpResponse<String> accepted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ingest.url() + "/api/event"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", KEY)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"app_id":"app-a","message_id":"%s","event":"MESSAGE_CREATED",\
                        "created_at":"%s"}"""
                            .formatted(messageId, Instant.now())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    JsonNode found =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> dashboard("/api/messages?q=message_id:" + messageId),
                answer -> answer.path("total").path("value").asInt() == 1);
    assertThat(found.path("hits").path(0).path("app_id").asText()).isEqualTo("app-a");
    // Everything the job and the dashboard asked of Elasticsearch went through the TLS login.
    assertThat(elasticsearch.forwarded()).isPositive();
    // The dashboard's own Kafka clients (the job's progress) read over SASL_SSL too.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> dashboard("/api/stats").path("kafka").asText(), "up"::equals);
  }

  private static JsonNode dashboard(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(dashboard.url() + path))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String sha256(String key) throws Exception {
    return HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
