package dev.mars.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The workload's counters: each delivered message increments its app's {@code <app>.delivered} by
 * one, with the message id as {@code request_id}, so the workload's repeated events are also
 * repeated increments that must count once. One client sends them as the event clients send events:
 * what is queued, waiting up to the linger for more, in bulks of at most {@code bulkSize} ({@code
 * POST /increment/bulk}; one per {@code POST /increment} when the bulk size is 1), retried like
 * events; the {@link CounterLedger} keeps what was acknowledged.
 */
final class CounterLoad {

  static final String SUFFIX = ".delivered";

  private record Increment(String key, String requestId) {}

  private final BlockingQueue<Increment> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CounterLedger ledger;
  private final int bulkSize;
  private final long lingerNanos;
  private final Thread thread;

  CounterLoad(
      List<URI> ingest,
      long retrySeconds,
      int bulkSize,
      long lingerMs,
      RetryingSender.Seen seen,
      CounterLedger ledger) {
    this.ledger = ledger;
    this.bulkSize = bulkSize;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
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
        List<Increment> batch = nextBatch();
        if (batch.isEmpty()) {
          continue;
        }
        boolean acknowledged =
            batch.size() == 1
                ? sender.post("/increment", json(batch.get(0)).getBytes(StandardCharsets.UTF_8))
                : sender.post("/increment/bulk", bulk(batch));
        for (Increment increment : batch) {
          if (acknowledged) {
            ledger.acknowledged(increment.key, increment.requestId);
          } else {
            ledger.uncertain(increment.key, increment.requestId);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The first increment queued, and what else is queued before the batch is full or the linger
   * over.
   */
  private List<Increment> nextBatch() throws InterruptedException {
    Increment first = queue.poll(20, TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<Increment> batch = new ArrayList<>();
    batch.add(first);
    long sendBy = System.nanoTime() + lingerNanos;
    while (batch.size() < bulkSize) {
      long left = sendBy - System.nanoTime();
      Increment next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  private static byte[] bulk(List<Increment> batch) {
    StringBuilder body = new StringBuilder("{\"increments\":[");
    for (int i = 0; i < batch.size(); i++) {
      body.append(i == 0 ? "" : ",").append(json(batch.get(i)));
    }
    return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String json(Increment increment) {
    return "{\"key\":\"%s\",\"value\":1,\"request_id\":\"%s\"}"
        .formatted(increment.key, increment.requestId);
  }
}
