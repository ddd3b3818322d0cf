package dev.mars.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Mars acknowledged, per message: the distinct events and the stages among them, from which
 * the document each message must end with follows.
 */
final class Ledger {

  /**
   * Per stage of {@link Workload#STAGES}, how long after the message's start an acknowledgement
   * makes the stage late: its deadline plus the lateness the job allows an event on its way to
   * Kafka.
   */
  private final long[] lateAfterMs;

  /**
   * @param deadlines the lifecycle's deadlines (the job's own file)
   * @param allowedLatenessMs the job's {@code lifecycle.allowed-lateness.ms}
   */
  Ledger(LifecycleDeadlines deadlines, long allowedLatenessMs) {
    lateAfterMs = new long[Workload.STAGES.size()];
    for (int stage = 0; stage < lateAfterMs.length; stage++) {
      long deadline = deadlines.fromStart(Workload.STAGES.get(stage));
      lateAfterMs[stage] =
          deadline == LifecycleDeadlines.NONE ? Long.MAX_VALUE : deadline + allowedLatenessMs;
    }
  }

  /** One message's acknowledged events. */
  static final class Entry {
    final String appId;
    final String messageId;
    private long[] hashes = new long[6];
    private int count;
    private int stages;
    private boolean acknowledgedLate;
    private final Map<Long, Integer> uncertain = new java.util.HashMap<>();

    Entry(String appId, String messageId) {
      this.appId = appId;
      this.messageId = messageId;
    }

    synchronized void add(WorkloadEvent event, long acknowledgedAt, long[] lateAfterMs) {
      int stage = Workload.STAGES.indexOf(event.event());
      if (acknowledgedAt - event.messageStartedAt() > lateAfterMs[stage]) {
        acknowledgedLate = true; // reached Kafka after its deadline: Mars must call it late
      }
      long hash = hash(event.eventId());
      for (int i = 0; i < count; i++) {
        if (hashes[i] == hash) {
          return; // a retry: counted once, as Mars must
        }
      }
      if (count == hashes.length) {
        hashes = java.util.Arrays.copyOf(hashes, count * 2);
      }
      hashes[count++] = hash;
      stages |= 1 << stage;
    }

    /** An event the client gave up on: Mars may hold it or not, but at most once. */
    synchronized void uncertain(WorkloadEvent event) {
      uncertain.put(hash(event.eventId()), Workload.STAGES.indexOf(event.event()));
    }

    /** The stage of an uncertain event, or -1 when the hash is none of them. */
    synchronized int uncertainStage(long hash) {
      return uncertain.getOrDefault(hash, -1);
    }

    synchronized boolean acknowledges(long hash) {
      for (int i = 0; i < count; i++) {
        if (hashes[i] == hash) {
          return true;
        }
      }
      return false;
    }

    synchronized int stages() {
      return stages;
    }

    /** Some stage reached Mars only after its deadline (a client that fell behind). */
    synchronized boolean acknowledgedLate() {
      return acknowledgedLate;
    }

    synchronized int count() {
      return count;
    }

    synchronized long fingerprint() {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += hashes[i];
      }
      return sum;
    }

    /** The stages never acknowledged: the message must end stuck with them missing. */
    synchronized List<String> missing() {
      return missing(stages);
    }

    /** The stages not among {@code present}. */
    static List<String> missing(int present) {
      List<String> missing = new ArrayList<>();
      for (int stage = 0; stage < Workload.STAGES.size(); stage++) {
        if ((present & (1 << stage)) == 0) {
          missing.add(Workload.STAGES.get(stage));
        }
      }
      return missing;
    }
  }

  private final Map<String, Entry> messages = new ConcurrentHashMap<>();

  void acknowledged(List<WorkloadEvent> events) {
    long now = System.currentTimeMillis();
    for (WorkloadEvent event : events) {
      messages
          .computeIfAbsent(
              key(event.appId(), event.messageId()),
              k -> new Entry(event.appId(), event.messageId()))
          .add(event, now, lateAfterMs);
    }
  }

  /** Events the client gave up on after its retries: each may be in Mars or not. */
  void givenUp(List<WorkloadEvent> events) {
    for (WorkloadEvent event : events) {
      messages
          .computeIfAbsent(
              key(event.appId(), event.messageId()),
              k -> new Entry(event.appId(), event.messageId()))
          .uncertain(event);
    }
  }

  Entry get(String appId, String messageId) {
    return messages.get(key(appId, messageId));
  }

  int messages() {
    return messages.size();
  }

  long events() {
    return messages.values().stream().mapToLong(Entry::count).sum();
  }

  Iterable<Entry> entries() {
    return messages.values();
  }

  /** Order-free fingerprint of a set of event ids: the sum of their 64-bit FNV-1a hashes. */
  static long hash(String eventId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : eventId.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  private static String key(String appId, String messageId) {
    return appId + '\u001f' + messageId;
  }
}
