package dev.mars.metrics;

import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.NetUtils;

/**
 * {@code metrics.reporter.prom.factory.class: dev.mars.metrics.LoopbackPrometheusReporterFactory},
 * with {@code metrics.reporter.prom.host} (127.0.0.1) and {@code metrics.reporter.prom.port} (a
 * port or a range, 9249).
 */
public class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

  static final String HOST = "host";
  static final String PORT = "port";

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    return new LoopbackPrometheusReporter(
        properties.getProperty(HOST, "127.0.0.1"),
        NetUtils.getPortRangeFromString(properties.getProperty(PORT, "9249")));
  }
}
