package dev.mars.metrics;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Iterator;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;

/**
 * Flink's Prometheus reporter serving {@code /metrics} on {@code host} (the first free port of a
 * range) instead of on every interface as Flink's own does. One per Flink process: a job manager
 * and each task manager take the next free port of the range.
 */
public class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

  private final HTTPServer server;

  LoopbackPrometheusReporter(String host, Iterator<Integer> ports) {
    CollectorRegistry registry = registry();
    HTTPServer started = null;
    IOException last = null;
    while (started == null && ports.hasNext()) {
      int port = ports.next();
      try {
        started = new HTTPServer(new InetSocketAddress(host, port), registry, true);
        log.info("Prometheus metrics on http://{}:{}/metrics", host, started.getPort());
      } catch (IOException e) {
        last = e;
      }
    }
    if (started == null) {
      throw new IllegalStateException(
          "no free port for Prometheus metrics on " + host + " in the range given", last);
    }
    this.server = started;
  }

  int port() {
    return server.getPort();
  }

  /**
   * The registry the base class collects into. It keeps it to itself (its own reporter lives in its
   * package); reading the field is the one way to serve it on an address of our choosing.
   */
  private CollectorRegistry registry() {
    try {
      Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
      field.setAccessible(true);
      return (CollectorRegistry) field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("flink-metrics-prometheus changed: no registry field", e);
    }
  }

  @Override
  public void close() {
    server.stop();
    super.close();
  }
}
