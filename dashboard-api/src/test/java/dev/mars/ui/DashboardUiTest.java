package dev.mars.ui;

import static dev.mars.MessageIndex.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.MessageIndex;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web UI in headless Chromium (Debian's chromium and chromedriver; {@code .ci/run} installs
 * them): a query finds the stuck message, its timeline opens, and an event written to the index
 * appears in it without a reload.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "mars.live.poll-interval=100ms")
class DashboardUiTest {

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

  @Test
  void findsAStuckMessageAndWatchesItsTimelineFillIn() {
    ChromeDriver browser = CHROMIUM.browser();
    String app = "ui-" + UUID.randomUUID().toString().substring(0, 8);
    Instant t0 = Instant.now().minusSeconds(40);
    index.put(
        message(app, "order-1")
            .event("MESSAGE_CREATED", t0)
            .event("MESSAGE_REACHED_BACKEND", t0.plusSeconds(1))
            .status("stuck", "MESSAGE_REACHED_FRONTEND"),
        message(app, "order-2")
            .event("MESSAGE_CREATED", t0)
            .event("MESSAGE_REACHED_BACKEND", t0.plusSeconds(1))
            .event("MESSAGE_REACHED_FRONTEND", t0.plusSeconds(2))
            .status("complete"));
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

    browser.get("http://127.0.0.1:" + port + "/");
    WebElement query = wait.until(ExpectedConditions.elementToBeClickable(By.id("q")));
    query.clear();
    query.sendKeys("app_id:" + app + " AND status:stuck", Keys.ENTER);

    wait.until(
        d ->
            d.findElements(By.cssSelector("#results tbody tr")).size() == 1
                && d.findElement(By.cssSelector("#results tbody")).getText().contains("order-1"));
    assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("1 messages");
    assertThat(browser.findElements(By.cssSelector("#histogram div"))).isNotEmpty();

    // The live view may redraw the row between finding and clicking it: click the current one.
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(By.cssSelector("#results tbody tr[data-message-id='order-1']")).click();
              return true;
            });
    wait.until(d -> d.findElements(By.cssSelector("#timeline li[data-event]")).size() == 2);
    assertThat(browser.findElement(By.id("timeline")).getText())
        .contains("never arrived: MESSAGE_REACHED_FRONTEND");

    index.put(
        message(app, "order-1")
            .event("MESSAGE_CREATED", t0)
            .event("MESSAGE_REACHED_BACKEND", t0.plusSeconds(1))
            .event("MESSAGE_REACHED_FRONTEND", t0.plusSeconds(45))
            .status("late"));

    wait.until(
        d ->
            !d.findElements(By.cssSelector("#timeline li[data-event='MESSAGE_REACHED_FRONTEND']"))
                .isEmpty());
    assertThat(browser.findElement(By.id("detail-status")).getText()).startsWith("late");
    assertThat(browser.findElement(By.id("timeline")).getText()).doesNotContain("never arrived");
  }

  @Test
  void opensAMessageFromItsLinkWhateverItsAgeAndFollowsIt() {
    ChromeDriver browser = CHROMIUM.browser();
    String app = "link-" + UUID.randomUUID().toString().substring(0, 8);
    String messageId = "old-" + UUID.randomUUID();
    Instant threeDaysAgo = Instant.now().minus(Duration.ofDays(3));
    index.put(
        message(app, messageId)
            .event("MESSAGE_CREATED", threeDaysAgo)
            .updatedAt(threeDaysAgo)
            .status("stuck", "MESSAGE_REACHED_BACKEND"));
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

    browser.get("http://127.0.0.1:" + port + "/messages/" + messageId);

    wait.until(d -> d.findElements(By.cssSelector("#timeline li[data-event]")).size() == 1);
    assertThat(browser.findElement(By.id("detail-title")).getText()).contains(messageId);
    wait.until(d -> d.findElement(By.cssSelector("#results tbody")).getText().contains(messageId));

    index.put(
        message(app, messageId)
            .event("MESSAGE_CREATED", threeDaysAgo)
            .event("MESSAGE_REACHED_BACKEND", Instant.now())
            .status("late"));
    wait.until(
        d ->
            !d.findElements(By.cssSelector("#timeline li[data-event='MESSAGE_REACHED_BACKEND']"))
                .isEmpty());

    browser.get("http://127.0.0.1:" + port + "/search/event?message_id=" + messageId); // Mars's
    wait.until(d -> d.findElements(By.cssSelector("#timeline li[data-event]")).size() == 2);
  }
}
