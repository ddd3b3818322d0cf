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
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With users on, headless Chromium logs in through the login page and sees only its user's apps: in
 * the results, and in a timeline the live feed keeps filling in.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "mars.live.poll-interval=100ms")
class LoginUiTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension static final Chromium CHROMIUM = new Chromium();

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String PASSWORD = "a long passphrase for alice";
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) {
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
    registry.add(
        "mars.access.users",
        () -> "alice {bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD) + " app-a");
  }

  @BeforeAll
  static void createIndex() {
    index = MessageIndex.create(ELASTICSEARCH.url());
  }

  @LocalServerPort int port;

  @Test
  void logsInAndSeesOnlyItsApps() {
    ChromeDriver browser = CHROMIUM.browser();
    String id = "order-" + UUID.randomUUID().toString().substring(0, 8);
    Instant t0 = Instant.now().minusSeconds(30);
    index.put(
        message("app-a", id).event("MESSAGE_CREATED", t0),
        message("app-b", id).event("MESSAGE_CREATED", t0).event("B_SECRET_STAGE", t0));
    WebDriverWait wait = new WebDriverWait(browser, PATIENCE);

    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("username")).sendKeys("alice");
    browser.findElement(By.id("password")).sendKeys(PASSWORD, Keys.ENTER);

    WebElement query = wait.until(ExpectedConditions.elementToBeClickable(By.id("q")));
    query.clear();
    query.sendKeys("message_id:" + id, Keys.ENTER);
    wait.until(
        d ->
            d.findElements(By.cssSelector("#results tbody tr")).size() == 1
                && d.findElement(By.cssSelector("#results tbody")).getText().contains("app-a"));
    assertThat(browser.findElement(By.id("summary")).getText()).isEqualTo("1 messages");
    assertThat(browser.getPageSource()).doesNotContain("app-b").doesNotContain("B_SECRET_STAGE");

    // The live view may redraw the row between finding and clicking it: click the current one.
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              d.findElement(By.cssSelector("#results tbody tr[data-message-id='" + id + "']"))
                  .click();
              return true;
            });
    wait.until(d -> d.findElements(By.cssSelector("#timeline li[data-event]")).size() == 1);
    index.put(
        message("app-b", id).event("MESSAGE_CREATED", t0).event("B_SECRET_STAGE", t0),
        message("app-a", id)
            .event("MESSAGE_CREATED", t0)
            .event("MESSAGE_REACHED_BACKEND", t0.plusSeconds(1)));
    wait.until(
        d ->
            !d.findElements(By.cssSelector("#timeline li[data-event='MESSAGE_REACHED_BACKEND']"))
                .isEmpty());
    assertThat(browser.findElement(By.id("timeline")).getText()).doesNotContain("B_SECRET_STAGE");
    assertThat(browser.findElement(By.id("viewer-name")).getText()).isEqualTo("alice (app-a)");

    browser.findElement(By.linkText("sign out")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[type=submit]")))
        .click();
    wait.until(ExpectedConditions.urlContains("/login?logout"));
    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(ExpectedConditions.urlContains("/login"));
  }
}
