package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import java.util.Objects;

/**
 * An event as a message's state keeps it: what happened and when, without the app and message ids
 * its message already holds. A Flink POJO.
 */
public class RecordedEvent {

  private String eventId;
  private String event;
  private long createdAt;

  public RecordedEvent() {}

  public RecordedEvent(String eventId, String event, long createdAt) {
    this.eventId = eventId;
    this.event = event;
    this.createdAt = createdAt;
  }

  public static RecordedEvent of(MessageEvent event) {
    return new RecordedEvent(event.getEventId(), event.getEvent(), event.getCreatedAt());
  }

  public String getEventId() {
    return eventId;
  }

  public void setEventId(String eventId) {
    this.eventId = eventId;
  }

  public String getEvent() {
    return event;
  }

  public void setEvent(String event) {
    this.event = event;
  }

  /** Epoch milliseconds, UTC. */
  public long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(long createdAt) {
    this.createdAt = createdAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedEvent other
        && createdAt == other.createdAt
        && Objects.equals(eventId, other.eventId)
        && Objects.equals(event, other.event);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, event, createdAt);
  }

  @Override
  public String toString() {
    return event + " @" + createdAt + " (" + eventId + ")";
  }
}
