package dev.mars.event;

import java.util.Objects;

/**
 * One event a service reported about a message: {@code app_id}, {@code message_id}, {@code event}
 * and {@code created_at}, and what it may say about the message ({@link MessageDescription}). A
 * Flink POJO: public no-arg constructor, getters and setters.
 */
public class MessageEvent {

  private String eventId;
  private String appId;
  private String messageId;
  private String event;
  private long createdAt;
  private int partition = UNKNOWN;
  private long offset = UNKNOWN;
  private MessageDescription description = new MessageDescription();

  /** The partition or offset of an event that did not come from Kafka (a test, a replay tool). */
  public static final int UNKNOWN = -1;

  public MessageEvent() {}

  public MessageEvent(
      String eventId, String appId, String messageId, String event, long createdAt) {
    this.eventId = eventId;
    this.appId = appId;
    this.messageId = messageId;
    this.event = event;
    this.createdAt = createdAt;
  }

  /** The key all events of one message share: the document is one per (app_id, message_id). */
  public String messageKey() {
    return MessageKey.of(appId, messageId);
  }

  /** The sender's id for the event, or one derived from what it says. */
  public String getEventId() {
    return eventId;
  }

  public void setEventId(String eventId) {
    this.eventId = eventId;
  }

  public String getAppId() {
    return appId;
  }

  public void setAppId(String appId) {
    this.appId = appId;
  }

  public String getMessageId() {
    return messageId;
  }

  public void setMessageId(String messageId) {
    this.messageId = messageId;
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

  /** The {@code mars.events} partition the event was read from, or {@link #UNKNOWN}. */
  public int getPartition() {
    return partition;
  }

  public void setPartition(int partition) {
    this.partition = partition;
  }

  /** Its offset in that partition, or {@link #UNKNOWN}. */
  public long getOffset() {
    return offset;
  }

  public void setOffset(long offset) {
    this.offset = offset;
  }

  public MessageDescription getDescription() {
    return description;
  }

  public void setDescription(MessageDescription description) {
    this.description = description == null ? new MessageDescription() : description;
  }

  /** This event, saying {@code externalId} (or null) and {@code attributes} of its message. */
  public MessageEvent describing(String externalId, String[] attributes) {
    this.description = new MessageDescription(externalId, attributes);
    return this;
  }

  /** This event, read from {@code partition} at {@code offset}. */
  public MessageEvent readAt(int partition, long offset) {
    this.partition = partition;
    this.offset = offset;
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageEvent other
        && Objects.equals(eventId, other.eventId)
        && createdAt == other.createdAt
        && Objects.equals(appId, other.appId)
        && Objects.equals(messageId, other.messageId)
        && Objects.equals(event, other.event);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, appId, messageId, event, createdAt);
  }

  @Override
  public String toString() {
    return appId + "/" + messageId + " " + event + " @" + createdAt;
  }
}
