package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Created → searchable latency: a sample of the acknowledged events is looked up in the index until
 * each shows in its message's document (by its created_at among the document's, read from doc
 * values: a message's events are at least 50 ms apart, and reading the documents' sources instead
 * made the probes a visible share of Elasticsearch's CPU); the latency is from the event's
 * created_at (its send time) to the poll that found it. A probe is looked for every {@code POLL_MS}
 * at first, then every twentieth of its age (at most {@code MAX_POLL_MS}): exact to 5 %, and a
 * lagging pipeline is not made to lag further by thousands of pending probes searched for ten times
 * a second.
 */
final class SearchableProbe {

  static final long POLL_MS = 100;
  static final long MAX_POLL_MS = 2_000;

  private static final class Probe {
    final WorkloadEvent event;
    final long sentAt;
    long nextCheckAt;

    Probe(WorkloadEvent event, long sentAt) {
      this.event = event;
      this.sentAt = sentAt;
    }

    /** When to look again after a miss at {@code now}. */
    void missed(long now) {
      long age = now - event.createdAtMillis();
      nextCheckAt = now + Math.min(MAX_POLL_MS, Math.max(POLL_MS, age / 20));
    }
  }

  private final Elasticsearch elasticsearch;
  private final String index;
  private final int oneIn;
  private final long giveUpMs;
  private final String appPrefix;
  private final ConcurrentLinkedQueue<Probe> incoming = new ConcurrentLinkedQueue<>();
  private final Set<Probe> pending = new LinkedHashSet<>();
  private final Histogram latency = new Histogram(3_600_000L, 3);
  private final Histogram fromSend = new Histogram(3_600_000L, 3);
  private final AtomicLong offered = new AtomicLong();
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Recovery.Sample> samples = new ArrayList<>();
  private long givenUp;
  private Thread thread;

  /**
   * @param giveUpMs how long a probe is looked for: an event not searchable by then counts as not
   *     found (a failed run)
   * @param appPrefix this run's apps: other runs' messages may share the ids (the same seed)
   */
  SearchableProbe(
      Elasticsearch elasticsearch, String index, int oneIn, long giveUpMs, String appPrefix) {
    this.appPrefix = appPrefix;
    this.elasticsearch = elasticsearch;
    this.index = index;
    this.oneIn = oneIn;
    this.giveUpMs = giveUpMs;
  }

  /** Takes every {@code oneIn}th acknowledged event as a probe while measuring. */
  void acknowledged(List<WorkloadEvent> events, long sentAt) {
    for (WorkloadEvent event : events) {
      if (offered.incrementAndGet() % oneIn == 0 && measuring.get()) {
        incoming.add(new Probe(event, sentAt));
      }
    }
  }

  void measure(boolean on) {
    measuring.set(on);
  }

  void start() {
    thread = new Thread(this::poll, "searchable-probe");
    thread.start();
  }

  /** Waits for the pending probes (or gives up on them) and stops. */
  synchronized Histogram finish() throws InterruptedException {
    running.set(false);
    thread.join();
    return latency;
  }

  /**
   * The same latencies from when the request carrying each probe was first sent: without the time a
   * client held the event (its linger, its backlog).
   */
  Histogram fromSend() {
    return fromSend;
  }

  long givenUp() {
    return givenUp;
  }

  /** Every probe, by created_at, with its latency (Long.MAX_VALUE: given up); after finish. */
  List<Recovery.Sample> samples() {
    return samples;
  }

  private void poll() {
    while (running.get() || !incoming.isEmpty() || !pending.isEmpty()) {
      long started = System.currentTimeMillis();
      for (Probe probe = incoming.poll(); probe != null; probe = incoming.poll()) {
        pending.add(probe);
      }
      if (!pending.isEmpty()) {
        try {
          check(started);
        } catch (Exception e) {
          System.err.println("probe: " + e.getMessage());
        }
      }
      long left = POLL_MS - (System.currentTimeMillis() - started);
      if (left > 0) {
        try {
          Thread.sleep(left); // the probe's polling period
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * One search for every pending probe: a request per probe would load Elasticsearch more, the
   * further the pipeline lags, and so make it lag further.
   */
  private void check(long now) throws Exception {
    List<Probe> due = new ArrayList<>();
    StringBuilder ids = new StringBuilder();
    for (Probe probe : pending) {
      if (probe.nextCheckAt <= now) {
        due.add(probe);
        ids.append(ids.isEmpty() ? "" : ",")
            .append('"')
            .append(probe.event.messageId())
            .append('"');
      }
    }
    if (due.isEmpty()) {
      return;
    }
    JsonNode hits =
        elasticsearch
            .post(
                "/" + index + "/_search",
                """
                {"size":%d,"_source":false,"docvalue_fields":["app_id","message_id",
                  {"field":"events.created_at","format":"epoch_millis"}],
                 "query":{"bool":{"filter":[{"terms":{"message_id":[%s]}},
                  {"prefix":{"app_id":"%s"}}]}}}"""
                    .formatted(Math.min(10_000, due.size() * 2), ids, appPrefix),
                "application/json")
            .path("hits")
            .path("hits");
    Set<String> stored = new HashSet<>();
    for (JsonNode hit : hits) {
      JsonNode fields = hit.path("fields");
      String message =
          fields.path("app_id").path(0).asText() + "/" + fields.path("message_id").path(0).asText();
      fields
          .path("events.created_at")
          .forEach(createdAt -> stored.add(message + "/" + createdAt.asText()));
    }
    for (Probe probe : due) {
      WorkloadEvent event = probe.event;
      if (stored.contains(
          event.appId() + "/" + event.messageId() + "/" + event.createdAtMillis())) {
        latency.recordValue(Math.max(0, now - event.createdAtMillis()));
        fromSend.recordValue(Math.max(0, now - probe.sentAt));
        samples.add(new Recovery.Sample(event.createdAtMillis(), now - event.createdAtMillis()));
        pending.remove(probe);
      } else if (now - event.createdAtMillis() > giveUpMs) {
        givenUp++;
        samples.add(new Recovery.Sample(event.createdAtMillis(), Long.MAX_VALUE));
        pending.remove(probe);
      } else {
        probe.missed(now);
      }
    }
  }
}
