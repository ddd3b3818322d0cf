package dev.mars.counter;

/** A counter's document: its key and its whole total, never a delta. A Flink POJO. */
public class CounterDocument {

  private String key;
  private long value;
  private long updatedAt;

  public CounterDocument() {}

  public CounterDocument(String key, long value, long updatedAt) {
    this.key = key;
    this.value = value;
    this.updatedAt = updatedAt;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public long getValue() {
    return value;
  }

  public void setValue(long value) {
    this.value = value;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(long updatedAt) {
    this.updatedAt = updatedAt;
  }
}
