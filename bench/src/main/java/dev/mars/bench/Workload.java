package dev.mars.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The standard Mars workload (shared/workload.md) from a seed: 20 apps (40 % of messages on
 * app-00), about {@code inFlight} messages interleaved, five stages 50–500 ms apart, 2 % of
 * messages missing one of stages 2–5, 5 % of events swapped with their message's next, 1 % sent
 * twice with the same event_id. The same seed gives the same events, so outcomes are known.
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

  public Workload(long seed, int inFlight, long startMillis) {
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

  /** A message's events in the order they will be sent, faults included. */
  private List<WorkloadEvent> newMessage() {
    String messageId = new UUID(random.nextLong(), random.nextLong()).toString();
    String appId =
        random.nextDouble() < 0.4 ? "app-00" : String.format("app-%02d", 1 + random.nextInt(19));
    int missing = random.nextDouble() < 0.02 ? 1 + random.nextInt(STAGES.size() - 1) : -1;
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
    attributes.put("attempt", String.valueOf(1 + random.nextInt(3)));
    attributes.put("node", String.format("ingest-%02d", random.nextInt(8)));

    List<WorkloadEvent> events = new ArrayList<>();
    long at = startMillis + random.nextInt(1_000);
    for (int stage = 0; stage < STAGES.size(); stage++) {
      if (stage > 0) {
        at += 50 + random.nextInt(451);
      }
      if (stage == missing) {
        continue;
      }
      String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
      events.add(new WorkloadEvent(eventId, appId, messageId, STAGES.get(stage), at, attributes));
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
}
