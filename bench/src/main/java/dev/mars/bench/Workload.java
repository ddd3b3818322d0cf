package dev.mars.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The standard Mars workload (bench/workload.md) from a seed: 20 apps (40 % of messages on app-00),
 * about {@code inFlight} messages interleaved, five stages 50–500 ms apart, 2 % of messages missing
 * one of stages 2–5, 5 % of events swapped with their message's next, 1 % sent twice with the same
 * event_id. The same seed gives the same events, so outcomes are known. App ids may carry a prefix,
 * so that several runs against one Mars can each verify their own messages.
 */
public final class Workload implements Iterator<WorkloadEvent> {

  public static final List<String> STAGES =
      List.of(
          "MESSAGE_CREATED",
          "MESSAGE_REACHED_BACKEND",
          "MESSAGE_IN_SEARCH_QUEUE",
          "MESSAGE_REACHED_FRONTEND",
          "MESSAGE_DELIVERED");
  private static final String[] CHANNELS = {"push", "sms", "email", "inapp"};

  private final Random random;
  private final long startMillis;
  private final List<List<WorkloadEvent>> inFlight;
  private final List<Integer> next;
  private final String appPrefix;

  public Workload(long seed, int inFlight, long startMillis) {
    this(seed, inFlight, startMillis, "");
  }

  public Workload(long seed, int inFlight, long startMillis, String appPrefix) {
    this.appPrefix = appPrefix;
    this.random = new Random(seed);
    this.startMillis = startMillis;
    this.inFlight = new ArrayList<>(inFlight);
    this.next = new ArrayList<>(inFlight);
    for (int i = 0; i < inFlight; i++) {
      this.inFlight.add(newMessage());
      this.next.add(0);
    }
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  /** The next event of a message chosen at random among those in flight. */
  @Override
  public WorkloadEvent next() {
    int slot = random.nextInt(inFlight.size());
    List<WorkloadEvent> events = inFlight.get(slot);
    int position = next.get(slot);
    WorkloadEvent event = events.get(position);
    if (position + 1 < events.size()) {
      next.set(slot, position + 1);
    } else {
      inFlight.set(slot, newMessage());
      next.set(slot, 0);
    }
    return event;
  }

  /** A new message starting within a second of the workload's start. */
  private List<WorkloadEvent> newMessage() {
    return messageStartingAt(startMillis + random.nextInt(1_000));
  }

  /**
   * A new message whose first stage happens at {@code firstAt}: its events in the order they are
   * sent, faults included.
   */
  public List<WorkloadEvent> messageStartingAt(long firstAt) {
    String messageId = new UUID(random.nextLong(), random.nextLong()).toString();
    String appId =
        appPrefix
            + (random.nextDouble() < 0.4
                ? "app-00"
                : String.format("app-%02d", 1 + random.nextInt(19)));
    int missing = random.nextDouble() < 0.02 ? 1 + random.nextInt(STAGES.size() - 1) : -1;
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
    attributes.put("attempt", String.valueOf(1 + random.nextInt(3)));
    attributes.put("node", String.format("ingest-%02d", random.nextInt(8)));

    List<WorkloadEvent> events = new ArrayList<>();
    long at = firstAt;
    for (int stage = 0; stage < STAGES.size(); stage++) {
      if (stage > 0) {
        at += 50 + random.nextInt(451);
      }
      if (stage == missing) {
        continue;
      }
      String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
      events.add(
          new WorkloadEvent(eventId, appId, messageId, STAGES.get(stage), at, attributes, firstAt));
    }
    for (int i = 0; i + 1 < events.size(); i++) {
      if (random.nextDouble() < 0.05) {
        WorkloadEvent swapped = events.get(i);
        events.set(i, events.get(i + 1));
        events.set(i + 1, swapped);
        i++;
      }
    }
    List<WorkloadEvent> sent = new ArrayList<>(events.size() + 1);
    for (WorkloadEvent event : events) {
      sent.add(event);
      if (random.nextDouble() < 0.01) {
        sent.add(event);
      }
    }
    return sent;
  }

  /**
   * When each event of a message (as {@link #messageStartingAt} gives them) is sent: in send order,
   * at the next of the message's times, so an event swapped with its successor goes out early with
   * its own created_at; a repeat goes with the event it repeats.
   */
  public static long[] sendTimes(List<WorkloadEvent> sent) {
    Set<String> seen = new HashSet<>();
    long[] times =
        sent.stream()
            .filter(event -> seen.add(event.eventId()))
            .mapToLong(WorkloadEvent::createdAtMillis)
            .sorted()
            .toArray();
    long[] result = new long[sent.size()];
    int next = 0;
    for (int i = 0; i < sent.size(); i++) {
      boolean repeat = i > 0 && sent.get(i).eventId().equals(sent.get(i - 1).eventId());
      result[i] = repeat ? result[i - 1] : times[next++];
    }
    return result;
  }
}
