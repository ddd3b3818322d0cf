package dev.mars.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.runtime.metrics.filter.MetricFilter;
import org.apache.flink.runtime.metrics.groups.FrontMetricGroup;
import org.apache.flink.runtime.metrics.groups.ReporterScopedSettings;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.junit.jupiter.api.Test;

class LoopbackPrometheusReporterTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void servesFlinksMetricsOnTheConfiguredAddress() throws Exception {
    LoopbackPrometheusReporter reporter = reporter("127.0.0.1", "0");
    try {
      reporter.open(new MetricConfig());
      Counter written = new SimpleCounter();
      written.inc(7);
      reporter.notifyOfAddedMetric(
          written,
          "documentsWritten",
          // As Flink hands groups to reporters: wrapped for this reporter.
          new FrontMetricGroup<>(
              new ReporterScopedSettings(0, '.', MetricFilter.NO_OP_FILTER, Set.of(), Map.of()),
              UnregisteredMetricGroups.createUnregisteredTaskManagerMetricGroup()));

      String metrics =
          HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + reporter.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(metrics).containsPattern("flink_taskmanager_documentsWritten\\{.*\\} 7\\.0");
    } finally {
      reporter.close();
    }
  }

  @Test
  void takesTheNextPortOfTheRangeWhenOneIsTaken() {
    LoopbackPrometheusReporter first = reporter("127.0.0.1", "0");
    try {
      int taken = first.port();
      LoopbackPrometheusReporter second =
          reporter("127.0.0.1", taken + "," + (taken == 65535 ? taken - 1 : taken + 1));
      assertThat(second.port()).isNotEqualTo(taken);
      second.close();
      assertThatThrownBy(() -> reporter("127.0.0.1", String.valueOf(taken)))
          .hasMessageContaining("no free port");
    } finally {
      first.close();
    }
  }

  private static LoopbackPrometheusReporter reporter(String host, String ports) {
    Properties properties = new Properties();
    properties.setProperty(LoopbackPrometheusReporterFactory.HOST, host);
    properties.setProperty(LoopbackPrometheusReporterFactory.PORT, ports);
    return (LoopbackPrometheusReporter)
        new LoopbackPrometheusReporterFactory().createMetricReporter(properties);
  }
}
