package dev.mars.bench;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client's way to ingest, as a client that must not lose an event sends: a POST is sent until
 * it is answered 202, retried every second (the Retry-After ingest sends) while the retry budget
 * lasts; a refusal or a broken connection moves the next try to the next ingest instance, so a
 * client of an instance that died carries on with another.
 */
final class RetryingSender implements AutoCloseable {

  /** What clients saw, summed over all of them. */
  static final class Seen {
    final LongAdder refused = new LongAdder();
    final LongAdder broken = new LongAdder();
    final LongAdder failovers = new LongAdder();

    long retried() {
      return refused.sum() + broken.sum();
    }
  }

  private final List<URI> instances;
  private final long retryNanos;
  private final Seen seen;
  private int current;
  private HttpConnection connection;

  RetryingSender(List<URI> instances, int first, long retryNanos, Seen seen) {
    this.instances = List.copyOf(instances);
    this.current = Math.floorMod(first, instances.size());
    this.retryNanos = retryNanos;
    this.seen = seen;
    this.connection = new HttpConnection(instances.get(current));
  }

  /** True once answered 202; false when the budget ran out (written or not, nobody knows). */
  boolean post(String path, byte[] body) throws InterruptedException {
    long giveUpAt = System.nanoTime() + retryNanos;
    while (true) {
      try {
        int status = connection.send(HttpConnection.post(instances.get(current), path, body));
        if (status == 202) {
          return true;
        }
        seen.refused.increment();
      } catch (IOException e) {
        seen.broken.increment();
        closeQuietly();
      }
      if (instances.size() > 1) {
        closeQuietly();
        current = (current + 1) % instances.size();
        connection = new HttpConnection(instances.get(current));
        seen.failovers.increment();
      }
      if (System.nanoTime() > giveUpAt) {
        return false;
      }
      Thread.sleep(1_000); // Retry-After: 1
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (IOException ignored) {
      // already broken
    }
  }
}
