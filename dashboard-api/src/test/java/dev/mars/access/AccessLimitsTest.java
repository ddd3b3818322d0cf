package dev.mars.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.MessageIndex;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.StompSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** What one user may hold and run: live connections, distinct live views, searches. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "mars.access.max-connections-per-user=2",
      "mars.access.max-live-queries=3",
      "mars.access.searches-per-second=1"
    })
class AccessLimitsTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) {
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.access.users", () -> Users.lines("carol app-c", "dave app-d"));
  }

  @BeforeAll
  static void createIndex() {
    index = MessageIndex.create(ELASTICSEARCH.url());
  }

  @LocalServerPort int port;

  @Test
  void aUserHoldsAtMostTheirConnections() throws Exception {
    StompSubscriber first = StompSubscriber.connect(ws(), "alice", Users.PASSWORD);
    try (StompSubscriber second = StompSubscriber.connect(ws(), "alice", Users.PASSWORD)) {
      assertThat(StompSubscriber.refusedConnection(ws(), "alice", Users.PASSWORD, PATIENCE))
          .contains("at most 2 live connections per user");
      // Another user is not held back by alice's connections.
      StompSubscriber.connect(ws(), "bob", Users.PASSWORD).close();

      first.close();
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> StompSubscriber.connect(ws(), "alice", Users.PASSWORD).close());
    }
  }

  @Test
  void theServerRunsAtMostItsDistinctLiveViews() throws Exception {
    try (StompSubscriber dave = StompSubscriber.connect(ws(), "dave", Users.PASSWORD)) {
      for (int view = 0; view < 3; view++) {
        dave.subscribe("/topic/messages", Map.of("query", "message_id:view-" + view));
      }
      dave.subscribeWithoutReceipt("/topic/messages", Map.of("query", "message_id:view-3"));
      assertThat(dave.awaitError(PATIENCE)).contains("at most 3 distinct live views");
    }
    // Their subscriptions ended with the connection: the views are free again.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              try (StompSubscriber again = StompSubscriber.connect(ws(), "dave", Users.PASSWORD)) {
                for (int view = 10; view < 13; view++) {
                  again.subscribe("/topic/messages", Map.of("query", "message_id:view-" + view));
                }
              }
            });
  }

  @Test
  void searchesPerUserAreRateLimited() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int search = 0; search < 5; search++) {
      statuses.add(search("carol").statusCode());
    }
    // A burst of twice the rate passes, then 429 with the time to wait.
    assertThat(statuses.subList(0, 2)).containsOnly(200);
    assertThat(statuses).contains(429);
    HttpResponse<String> refused = search("carol");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("searches per second per user");
    // Each user has their own allowance.
    assertThat(search("bob").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> search(String user) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/messages"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (user + ":" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String ws() {
    return "ws://127.0.0.1:" + port + "/ws";
  }
}
