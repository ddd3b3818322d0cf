package dev.mars.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The workload's counters: each delivered message increments its app's {@code <app>.delivered} by
 * one, with the message id as {@code request_id}, so the workload's repeated events are also
 * repeated increments that must count once. Sent one per request by one client, retried like
 * events; the {@link CounterLedger} keeps what was acknowledged.
 */
final class CounterLoad {

  static final String SUFFIX = ".delivered";

  private record Increment(String key, String requestId) {}

  private final BlockingQueue<Increment> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CounterLedger ledger;
  private final Thread thread;

  CounterLoad(List<URI> ingest, long retrySeconds, RetryingSender.Seen seen, CounterLedger ledger) {
    this.ledger = ledger;
    this.thread =
        new Thread(
            () -> send(new RetryingSender(ingest, 0, TimeUnit.SECONDS.toNanos(retrySeconds), seen)),
            "counters");
  }

  void start() {
    thread.start();
  }

  /** Increments for the delivered stages among acknowledged events. */
  void acknowledged(List<WorkloadEvent> events) {
    for (WorkloadEvent event : events) {
      if (event.event().equals("MESSAGE_DELIVERED")) {
        queue.add(new Increment(event.appId() + SUFFIX, event.messageId()));
      }
    }
  }

  /** Sends what is queued, then stops. */
  void finish() throws InterruptedException {
    running.set(false);
    thread.join();
  }

  private void send(RetryingSender sender) {
    try (sender) {
      while (running.get() || !queue.isEmpty()) {
        Increment increment = queue.poll(20, TimeUnit.MILLISECONDS);
        if (increment == null) {
          continue;
        }
        byte[] body =
            "{\"key\":\"%s\",\"value\":1,\"request_id\":\"%s\"}"
                .formatted(increment.key, increment.requestId)
                .getBytes(StandardCharsets.UTF_8);
        if (sender.post("/increment", body)) {
          ledger.acknowledged(increment.key, increment.requestId);
        } else {
          ledger.uncertain(increment.key, increment.requestId);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
