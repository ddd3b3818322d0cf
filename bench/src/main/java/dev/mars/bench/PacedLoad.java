package dev.mars.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The standard workload at a set rate, as production sends it: messages start at a steady pace,
 * each event is sent when its created_at comes due (so a message's events spread over several
 * windows), and clients gather whatever is due into bulk requests, waiting up to a linger for more
 * once they hold one (0: send at once what is due, as a service posting each event does; more: as a
 * batching client library does). A refused request is retried after its Retry-After, on the next
 * ingest instance when there are several ({@link RetryingSender}); only what was answered 202 is
 * acknowledged.
 */
final class PacedLoad {

  /** Events per message of the standard workload, faults included (measured over 1M messages). */
  static final double EVENTS_PER_MESSAGE = 5.03;

  private final Workload workload;
  private final double eventsPerSecond;
  private final int bulkSize;
  private final long lingerNanos;
  private final int clients;
  private final List<URI> ingest;
  private final BiConsumer<List<WorkloadEvent>, Long> onAcknowledged;
  private final Consumer<List<WorkloadEvent>> onGivenUp;
  private final long retryNanos;
  private final BlockingQueue<WorkloadEvent> due = new LinkedBlockingQueue<>();
  private final AtomicBoolean starting = new AtomicBoolean(true);
  private final AtomicBoolean sending = new AtomicBoolean(true);
  private final LongAdder acknowledged = new LongAdder();
  private final RetryingSender.Seen seen;
  private final LongAdder lost = new LongAdder();
  private final List<Thread> threads = new ArrayList<>();

  PacedLoad(
      long seed,
      double eventsPerSecond,
      int bulkSize,
      long lingerMs,
      int clients,
      List<URI> ingest,
      String appPrefix,
      long retrySeconds,
      RetryingSender.Seen seen,
      BiConsumer<List<WorkloadEvent>, Long> onAcknowledged,
      Consumer<List<WorkloadEvent>> onGivenUp) {
    this.retryNanos = TimeUnit.SECONDS.toNanos(retrySeconds);
    this.seen = seen;
    this.onGivenUp = onGivenUp;
    this.workload = new Workload(seed, 1, System.currentTimeMillis(), appPrefix);
    this.eventsPerSecond = eventsPerSecond;
    this.bulkSize = bulkSize;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
    this.clients = clients;
    this.ingest = ingest;
    this.onAcknowledged = onAcknowledged;
  }

  void start() {
    threads.add(new Thread(this::schedule, "schedule"));
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(new Thread(() -> send(client), "client-" + c));
    }
    threads.forEach(Thread::start);
  }

  /** Events acknowledged so far. */
  long acknowledged() {
    return acknowledged.sum();
  }

  /** Events given up on after retries: never acknowledged. */
  long lost() {
    return lost.sum();
  }

  /** Events due but not sent yet: grows when Mars takes less than the rate. */
  int backlog() {
    return due.size();
  }

  /** Starts no more messages, sends what the started ones still have, and waits for that. */
  void finish() throws InterruptedException {
    starting.set(false);
    threads.get(0).join();
    while (!due.isEmpty()) {
      Thread.sleep(50); // polls the queue the clients drain; nothing to wait on
    }
    sending.set(false);
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private record Timed(long at, WorkloadEvent event) {}

  private void schedule() {
    PriorityQueue<Timed> pending = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    double messagesPerMs = eventsPerSecond / EVENTS_PER_MESSAGE / 1000;
    long start = System.currentTimeMillis();
    long started = 0;
    while (starting.get() || !pending.isEmpty()) {
      long now = System.currentTimeMillis();
      while (starting.get() && started < (now - start) * messagesPerMs) {
        List<WorkloadEvent> message = workload.messageStartingAt(now);
        long[] at = Workload.sendTimes(message);
        for (int i = 0; i < message.size(); i++) {
          pending.add(new Timed(at[i], message.get(i)));
        }
        started++;
      }
      while (!pending.isEmpty() && pending.peek().at <= now) {
        due.add(pending.poll().event);
      }
      LockSupport.parkNanos(500_000);
    }
  }

  private void send(int client) {
    List<WorkloadEvent> batch = new ArrayList<>(bulkSize);
    try (RetryingSender sender = new RetryingSender(ingest, client, retryNanos, seen)) {
      while (sending.get() || !due.isEmpty()) {
        WorkloadEvent first = due.poll(20, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        gather(first, batch);
        byte[] body = EventJson.bulk(batch).getBytes(StandardCharsets.UTF_8);
        long sentAt = System.currentTimeMillis();
        if (sender.post("/api/event/bulk", body)) {
          acknowledged.add(batch.size());
          onAcknowledged.accept(List.copyOf(batch), sentAt);
        } else {
          lost.add(batch.size());
          onGivenUp.accept(List.copyOf(batch)); // refused, timed out: written or not, nobody knows
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The first event due, and what else comes due before the batch is full or the linger over. */
  private void gather(WorkloadEvent first, List<WorkloadEvent> batch) throws InterruptedException {
    long sendBy = System.nanoTime() + lingerNanos;
    batch.add(first);
    due.drainTo(batch, bulkSize - 1);
    while (batch.size() < bulkSize) {
      WorkloadEvent next = due.poll(sendBy - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      due.drainTo(batch, bulkSize - batch.size());
    }
  }
}
