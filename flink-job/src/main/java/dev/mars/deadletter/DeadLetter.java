package dev.mars.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.event.MessageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record the job could not use, with where it came from and why: it goes to the dead-letter topic
 * instead of stopping the job. A Flink POJO.
 */
public class DeadLetter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private String topic;
  private int partition;
  private long offset;
  private byte[] key;
  private byte[] value;
  private String reason;

  public DeadLetter() {}

  public DeadLetter(
      String topic, int partition, long offset, byte[] key, byte[] value, String reason) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.key = key;
    this.value = value;
    this.reason = reason;
  }

  /** An event read from {@code topic} that the job could not keep, as JSON. */
  public static DeadLetter ofEvent(MessageEvent event, String topic, String reason) {
    ObjectNode json =
        JSON.createObjectNode()
            .put("event_id", event.getEventId())
            .put("app_id", event.getAppId())
            .put("message_id", event.getMessageId())
            .put("event", event.getEvent())
            .put("created_at", Instant.ofEpochMilli(event.getCreatedAt()).toString());
    return new DeadLetter(
        topic,
        event.getPartition(),
        event.getOffset(),
        event.getMessageId().getBytes(StandardCharsets.UTF_8),
        json.toString().getBytes(StandardCharsets.UTF_8),
        reason);
  }

  public String source() {
    return topic + "-" + partition + "@" + offset;
  }

  public String getTopic() {
    return topic;
  }

  public void setTopic(String topic) {
    this.topic = topic;
  }

  public int getPartition() {
    return partition;
  }

  public void setPartition(int partition) {
    this.partition = partition;
  }

  public long getOffset() {
    return offset;
  }

  public void setOffset(long offset) {
    this.offset = offset;
  }

  public byte[] getKey() {
    return key;
  }

  public void setKey(byte[] key) {
    this.key = key;
  }

  public byte[] getValue() {
    return value;
  }

  public void setValue(byte[] value) {
    this.value = value;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
