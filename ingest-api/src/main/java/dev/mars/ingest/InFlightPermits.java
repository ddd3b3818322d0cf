package dev.mars.ingest;

import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * The cap on requests being served at once, over every protocol (including those waiting for
 * Kafka): past it a request is refused at once instead of queueing.
 */
@Component
public class InFlightPermits {

  private final int max;
  private final Semaphore permits;

  public InFlightPermits(IngestProperties properties) {
    this.max = properties.maxInFlight();
    this.permits = new Semaphore(max);
  }

  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  public void release() {
    permits.release();
  }

  public int max() {
    return max;
  }

  /** Requests holding a permit now. */
  public int inFlight() {
    return max - permits.availablePermits();
  }

  public String refusal() {
    return "too many requests in flight (limit " + max + ")";
  }
}
