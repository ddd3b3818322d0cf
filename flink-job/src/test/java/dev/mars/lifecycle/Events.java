package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import dev.mars.lifecycle.definition.ExpectedStage;
import dev.mars.lifecycle.definition.Lifecycle;
import dev.mars.lifecycle.definition.Lifecycles;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Named times, a lifecycle and event builders for the lifecycle tests. */
final class Events {

  static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
  static final long T0_PLUS_1S = T0 + 1_000;
  static final long T0_PLUS_2S = T0 + 2_000;
  static final long T0_PLUS_3S = T0 + 3_000;

  static final String APP = "app-00";
  static final String MESSAGE = "m-1";

  static final String CREATED = "MESSAGE_CREATED";
  static final String BACKEND = "MESSAGE_REACHED_BACKEND";
  static final String FRONTEND = "MESSAGE_REACHED_FRONTEND";

  /** Backend within 10 s of the start, frontend within 30 s. */
  static final long BACKEND_DEADLINE = T0 + 10_000;

  static final long FRONTEND_DEADLINE = T0 + 30_000;

  static final Lifecycle LIFECYCLE =
      new Lifecycle(
          List.of(
              new ExpectedStage(CREATED, 0, null),
              new ExpectedStage(BACKEND, 10_000, null),
              new ExpectedStage(FRONTEND, 30_000, null)));

  static final Lifecycles LIFECYCLES = new Lifecycles(LIFECYCLE, Map.of());

  private Events() {}

  static MessageEvent created(long at) {
    return event(CREATED, at);
  }

  static MessageEvent reachedBackend(long at) {
    return event(BACKEND, at);
  }

  static MessageEvent reachedFrontend(long at) {
    return event(FRONTEND, at);
  }

  /** An event whose id follows from what it says, as ingest derives it. */
  static MessageEvent event(String stage, long at) {
    return new MessageEvent(stage + "@" + at, APP, MESSAGE, stage, at);
  }

  static MessageEvent withId(String eventId, MessageEvent event) {
    return new MessageEvent(
        eventId, event.getAppId(), event.getMessageId(), event.getEvent(), event.getCreatedAt());
  }

  /** How a message's state and document record these events. */
  static List<RecordedEvent> records(MessageEvent... events) {
    return java.util.Arrays.stream(events).map(RecordedEvent::of).toList();
  }

  static MessageEvent ofMessage(String messageId, MessageEvent event) {
    return new MessageEvent(
        event.getEventId(), event.getAppId(), messageId, event.getEvent(), event.getCreatedAt());
  }
}
