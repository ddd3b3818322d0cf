package dev.mars.deadletter;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * What a source record became: a value, a dead letter, a heartbeat (the input's progress, see
 * {@code dev.mars.progress}) or a refusal notice from ingest. A Flink POJO; one field is set.
 */
public class Parsed<T> {

  private T value;
  private DeadLetter deadLetter;
  private Long heartbeat;
  private Long refusedAt;

  public Parsed() {}

  public static <T> Parsed<T> of(T value) {
    Parsed<T> parsed = new Parsed<>();
    parsed.value = value;
    return parsed;
  }

  public static <T> Parsed<T> failed(DeadLetter deadLetter) {
    Parsed<T> parsed = new Parsed<>();
    parsed.deadLetter = deadLetter;
    return parsed;
  }

  public static <T> Parsed<T> heartbeat(long writtenAt) {
    Parsed<T> parsed = new Parsed<>();
    parsed.heartbeat = writtenAt;
    return parsed;
  }

  public static <T> Parsed<T> refusal(long refusedAt) {
    Parsed<T> parsed = new Parsed<>();
    parsed.refusedAt = refusedAt;
    return parsed;
  }

  /** Explicit type information for a {@code Parsed<T>}: generics would hide T from Flink. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> TypeInformation<Parsed<T>> typeOf(Class<T> valueType) {
    return (TypeInformation)
        Types.POJO(
            Parsed.class,
            Map.of(
                "value",
                Types.POJO(valueType),
                "deadLetter",
                Types.POJO(DeadLetter.class),
                "heartbeat",
                Types.LONG,
                "refusedAt",
                Types.LONG));
  }

  public T getValue() {
    return value;
  }

  public void setValue(T value) {
    this.value = value;
  }

  /** When ingest refused events for want of capacity (epoch millis), or null. */
  public Long getRefusedAt() {
    return refusedAt;
  }

  public void setRefusedAt(Long refusedAt) {
    this.refusedAt = refusedAt;
  }

  /** When a heartbeat was written (epoch millis), or null for any other record. */
  public Long getHeartbeat() {
    return heartbeat;
  }

  public void setHeartbeat(Long heartbeat) {
    this.heartbeat = heartbeat;
  }

  public DeadLetter getDeadLetter() {
    return deadLetter;
  }

  public void setDeadLetter(DeadLetter deadLetter) {
    this.deadLetter = deadLetter;
  }
}
