package dev.mars.ingest;

import dev.mars.kafka.RefusalNotice;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Tells the job when ingest refused events for want of capacity (503): once a second at most, a
 * {@link RefusalNotice} with the latest refusal's time goes to the events topic. Their clients are
 * retrying; the job holds its deadlines for a retry budget after it, so that stages delivered by
 * those retries are not declared missing because Mars itself could not take them.
 */
@Component
public class RefusalNotices implements DisposableBean {

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "mars-refusal-notices");
            thread.setDaemon(true);
            return thread;
          });
  private final IngestMetrics metrics;
  private final EventPublisher publisher;
  private long published = Long.MIN_VALUE;

  public RefusalNotices(IngestMetrics metrics, EventPublisher publisher) {
    this.metrics = metrics;
    this.publisher = publisher;
    timer.scheduleAtFixedRate(this::publishNewRefusal, 1, 1, TimeUnit.SECONDS);
  }

  private void publishNewRefusal() {
    long last = metrics.lastCapacityRefusal();
    if (last > published && publisher.publishRefusalNotice(last)) {
      published = last;
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
