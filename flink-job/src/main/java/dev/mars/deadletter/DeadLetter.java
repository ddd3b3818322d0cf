package dev.mars.deadletter;

/**
 * A record the job could not use, with where it came from and why: it goes to the dead-letter topic
 * instead of stopping the job. A Flink POJO.
 */
public class DeadLetter {

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
