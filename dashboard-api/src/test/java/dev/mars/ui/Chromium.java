package dev.mars.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for a UI test class, driven by Selenium through Debian's chromedriver ({@code
 * .ci/run} installs both; {@code -Dmars.chromium=} and {@code -Dmars.chromedriver=} point
 * elsewhere). Register it as a static field with {@code @RegisterExtension}.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

  private static final String BINARY = System.getProperty("mars.chromium", "/usr/bin/chromium");
  private static final String DRIVER =
      System.getProperty("mars.chromedriver", "/usr/bin/chromedriver");

  private ChromeDriver browser;

  ChromeDriver browser() {
    if (browser == null) {
      throw new IllegalStateException("Chromium is not started: register it as static");
    }
    return browser;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    assertThat(new File(BINARY))
        .as("Chromium for the UI tests: apt-get install -y chromium chromium-driver")
        .exists();
    assertThat(new File(DRIVER)).as("chromedriver: apt-get install -y chromium-driver").exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build(),
            options);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (browser != null) {
      browser.quit();
    }
  }
}
