package dev.mars.counter;

import java.util.Objects;

/** One increment of a counter: {@code {"key","value","request_id"}}. A Flink POJO. */
public class Increment {

  private String key;
  private long value;
  private String requestId;

  public Increment() {}

  public Increment(String key, long value, String requestId) {
    this.key = key;
    this.value = value;
    this.requestId = requestId;
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

  /** The client's id for the request: a retry carries the same one and counts once. */
  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Increment other
        && value == other.value
        && Objects.equals(key, other.key)
        && Objects.equals(requestId, other.requestId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value, requestId);
  }

  @Override
  public String toString() {
    return key + " += " + value + " (" + requestId + ")";
  }
}
