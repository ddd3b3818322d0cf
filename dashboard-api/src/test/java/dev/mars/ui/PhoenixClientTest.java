package dev.mars.ui;

import static dev.mars.MessageIndex.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.MessageIndex;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mars's Phoenix channel as Mars's own front ends used it: the official {@code phoenix} client from
 * npm, in headless Chromium, opens {@code /socket}, joins {@code event_timeline:<message_id>} and
 * receives {@code add_to_timeline} with Mars's payload for each new event, in order, once.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "mars.live.poll-interval=100ms")
class PhoenixClientTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension static final Chromium CHROMIUM = new Chromium();

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) {
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
  }

  @BeforeAll
  static void createIndex() {
    index = MessageIndex.create(ELASTICSEARCH.url());
  }

  @LocalServerPort int port;
  private ChromeDriver browser;

  @BeforeEach
  void openTheDashboardWithThePhoenixClient() throws IOException {
    browser = CHROMIUM.browser();
    browser.get("http://127.0.0.1:" + port + "/status"); // the dashboard's origin
    try (InputStream client =
        PhoenixClientTest.class.getResourceAsStream("/vendor/phoenix-1.8.16.min.js")) {
      // As a page's <script> would load it: a global Phoenix.
      browser.executeScript(
          "const s = document.createElement('script'); s.textContent = arguments[0];"
              + " document.head.appendChild(s);",
          new String(client.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void joinsAMessageTimelineAndReceivesEachNewEventInOrder() {
    String app = "phx-" + UUID.randomUUID().toString().substring(0, 8);
    String messageId = "order-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-26T14:02:05.123Z");
    index.put(message(app, messageId).event("MESSAGE_CREATED", t0)); // before the join

    Object join =
        run(
            """
        window.received = []; window.joined = null;
        const socket = new Phoenix.Socket("/socket", {params: {token: "123"}});
        socket.connect();
        const channel = socket.channel("event_timeline:" + arguments[0], {});
        channel.on("add_to_timeline", payload => window.received.push(payload));
        channel.join()
          .receive("ok", response => window.joined = {status: "ok", response})
          .receive("error", response => window.joined = {status: "error", response});
        """,
            messageId);
    assertThat(join).isNull();
    Object joined = waitFor("return window.joined");
    assertThat(joined).isEqualTo(Map.of("status", "ok", "response", "event_timeline:" + messageId));

    index.put(
        message(app, messageId)
            .event("MESSAGE_CREATED", t0)
            .event("REACHED_BACKEND", t0.plusMillis(1_000)));
    index.put(
        message(app, messageId)
            .event("MESSAGE_CREATED", t0)
            .event("REACHED_BACKEND", t0.plusMillis(1_000))
            .event("IN_SEARCH_QUEUE", t0.plusMillis(2_000))
            .event("REACHED_FRONTEND", t0.plusMillis(3_000)));

    new WebDriverWait(browser, PATIENCE)
        .until(d -> ((List<?>) run("return window.received")).size() >= 3);
    assertThat(run("return window.received"))
        .isEqualTo(
            List.of(
                // Mars's time: %H:%I:%M:%S:%L - %d / %b / %Y, in UTC
                Map.of("event", "REACHED BACKEND", "time", "14:02:02:06:123 - 26 / Nov / 2026"),
                Map.of("event", "IN SEARCH QUEUE", "time", "14:02:02:07:123 - 26 / Nov / 2026"),
                Map.of("event", "REACHED FRONTEND", "time", "14:02:02:08:123 - 26 / Nov / 2026")));
  }

  @Test
  void answersATopicMarsDidNotHaveWithAnError() {
    run(
        """
        window.joined = null;
        const socket = new Phoenix.Socket("/socket");
        socket.connect();
        socket.channel("rooms:lobby", {}).join()
          .receive("ok", response => window.joined = {status: "ok", response})
          .receive("error", response => window.joined = {status: "error", response});
        """);

    assertThat(waitFor("return window.joined"))
        .isEqualTo(Map.of("status", "error", "response", Map.of("reason", "unmatched topic")));
  }

  @Test
  void closesAConnectionThatSendsWhatIsNotPhoenixAndKeepsServingOthers() {
    run(
        """
        window.closedWith = null;
        const raw = new WebSocket(location.origin.replace("http", "ws") + "/socket/websocket");
        raw.onopen = () => raw.send("{\\"not\\": \\"a frame\\"}");
        raw.onclose = event => window.closedWith = {code: event.code, reason: event.reason};
        """);

    Object closed = waitFor("return window.closedWith");
    assertThat(closed).asString().contains("code=1007").contains("join_ref, ref, topic");
    answersATopicMarsDidNotHaveWithAnError();
  }

  private Object run(String script, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(script, arguments);
  }

  private Object waitFor(String script) {
    return new WebDriverWait(browser, PATIENCE).until(d -> run(script));
  }
}
