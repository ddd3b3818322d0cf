package dev.mars.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's {@code prometheus}; {@code .ci/run} installs it, {@code
 * -Dmars.prometheus=} points elsewhere) scraping the given targets every second, on a free loopback
 * port, with Mars's alerting rules loaded. Answers PromQL queries as Prometheus's JSON.
 */
public final class PrometheusServer implements AutoCloseable {

  private static final String BINARY = System.getProperty("mars.prometheus", "/usr/bin/prometheus");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A scrape job: its name, metrics path and {@code host:port} target. */
  public record Target(String job, String path, String address) {}

  private final ServerProcess process;
  private final String url;

  private PrometheusServer(ServerProcess process, String url) {
    this.process = process;
    this.url = url;
  }

  public static PrometheusServer start(Path rules, List<Target> targets) {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IllegalStateException(
          BINARY + " is missing: apt-get install -y prometheus (or -Dmars.prometheus=)");
    }
    Path dir = Infra.workDir("prometheus-" + System.nanoTime());
    int port = Infra.freePort();
    String jobs =
        targets.stream()
            .map(
                target ->
                    """
                      - job_name: %s
                        metrics_path: %s
                        static_configs:
                          - targets: ["%s"]
                    """
                        .formatted(target.job(), target.path(), target.address()))
            .collect(Collectors.joining());
    try {
      Files.createDirectories(dir);
      Files.copy(rules, dir.resolve("rules.yml"));
      Files.writeString(
          dir.resolve("prometheus.yml"),
          """
          global:
            scrape_interval: 1s
            evaluation_interval: 1s
          rule_files: [rules.yml]
          scrape_configs:
          """
              + jobs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerProcess process =
        ServerProcess.start(
            "prometheus",
            dir,
            List.of(
                BINARY,
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port));
    PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
    process.awaitReady(Duration.ofSeconds(60), server::ready);
    return server;
  }

  /** The answer to an instant query, as Prometheus's JSON. */
  public String query(String promql) {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** The scrape targets and their health, as Prometheus's JSON. */
  public String targets() {
    return get("/api/v1/targets");
  }

  private boolean ready() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.kill();
  }
}
