package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.KafkaExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access control set up as the README says, with {@code ./mars key} and {@code ./mars user}, on the
 * services' own jars: the key writes its apps only, a key added while ingest runs works without a
 * restart, the user logs in, and {@code ./mars start} refuses to listen beyond loopback with access
 * control off.
 */
class MarsScriptITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern KEY = Pattern.compile("ingest key \\S+ for \\S+: (mars_\\S+)");

  private final Path state = Infra.workDir("mars-secure-state");
  private final MarsScript script = new MarsScript(state, Duration.ofSeconds(60));

  @Test
  void keysAndUsersMadeByTheScriptOpenTheServices() throws Exception {
    String writerKey = key(mars(Map.of(), "key", "writer", "app-a"));
    String password = "pass-" + UUID.randomUUID();
    mars(Map.of("MARS_USER_PASSWORD", password), "user", "alice", "app-a");

    try (ServiceJar ingest =
            ServiceJar.start(
                "ingest-api",
                "mars.ingest.jar",
                "--mars.ingest.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--mars.ingest.topic=events-" + UUID.randomUUID(),
                "--mars.ingest.partitions=1",
                "--mars.ingest.keys-file=" + state.resolve("access/ingest-keys"));
        ServiceJar dashboard =
            ServiceJar.start(
                "dashboard-api",
                "mars.dashboard.jar",
                "--mars.search.hosts=" + ELASTICSEARCH.url(),
                "--mars.search.index=messages-" + UUID.randomUUID(),
                "--mars.access.users-file=" + state.resolve("access/dashboard-users"))) {
      assertThat(post(ingest, "app-a", writerKey)).isEqualTo(202);
      assertThat(post(ingest, "app-b", writerKey)).isEqualTo(403);
      assertThat(post(ingest, "app-a", null)).isEqualTo(401);

      String readerKey = key(mars(Map.of(), "key", "second", "app-b"));
      await().atMost(Duration.ofSeconds(20)).until(() -> post(ingest, "app-b", readerKey) == 202);

      assertThat(get(dashboard, "alice", password)).isEqualTo(200);
      assertThat(get(dashboard, "alice", "not " + password)).isEqualTo(401);
      assertThat(get(dashboard, null, null)).isEqualTo(401);
    }
  }

  @Test
  void startRefusesToListenBeyondLoopbackWithAccessOff() throws Exception {
    MarsScript.Result result = script.run(Map.of("MARS_DASHBOARD_ADDRESS", "0.0.0.0"), "start");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .contains("MARS_DASHBOARD_ADDRESS=0.0.0.0 would listen beyond loopback")
        .contains("./mars start --secure");
  }

  @Test
  void startRefusesAPortAnotherProcessHolds() throws Exception {
    try (java.net.ServerSocket other =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      MarsScript.Result result =
          script.run(Map.of("MARS_KAFKA_PORT", String.valueOf(other.getLocalPort())), "start");

      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.output())
          .contains("port " + other.getLocalPort() + " is taken by another process")
          .contains("MARS_KAFKA_PORT");
    }
  }

  private String mars(Map<String, String> environment, String... args) throws Exception {
    return script.ok(environment, args);
  }

  private static String key(String output) {
    Matcher matcher = KEY.matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }

  private static int post(ServiceJar ingest, String app, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(ingest.url() + "/api/event"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    """
                    {"app_id":"%s","message_id":"%s","event":"MESSAGE_CREATED","created_at":"%s"}"""
                        .formatted(app, UUID.randomUUID(), Instant.now())));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static int get(ServiceJar dashboard, String user, String password)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(dashboard.url() + "/api/messages"));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
