package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import java.time.Instant;

/** Named times and builders for the lifecycle tests. */
final class Events {

  static final long T0 = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
  static final long T0_PLUS_1S = T0 + 1_000;
  static final long T0_PLUS_2S = T0 + 2_000;
  static final long T0_PLUS_3S = T0 + 3_000;

  static final String APP = "app-00";
  static final String MESSAGE = "m-1";

  private Events() {}

  static MessageEvent created(long at) {
    return event("MESSAGE_CREATED", at);
  }

  static MessageEvent reachedBackend(long at) {
    return event("MESSAGE_REACHED_BACKEND", at);
  }

  static MessageEvent reachedFrontend(long at) {
    return event("MESSAGE_REACHED_FRONTEND", at);
  }

  /** An event whose id follows from what it says, as ingest derives it. */
  static MessageEvent event(String stage, long at) {
    return new MessageEvent(stage + "@" + at, APP, MESSAGE, stage, at);
  }

  static MessageEvent withId(String eventId, MessageEvent event) {
    return new MessageEvent(
        eventId, event.getAppId(), event.getMessageId(), event.getEvent(), event.getCreatedAt());
  }

  static EventBatch batch(MessageEvent... events) {
    return new EventBatch(java.util.List.of(events));
  }
}
