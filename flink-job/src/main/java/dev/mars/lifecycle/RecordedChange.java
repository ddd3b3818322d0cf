package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import dev.mars.event.MessageKey;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A status change as a message's state and document keep it for a while: the alert, without the ids
 * its message already holds, and how far the message's input had got when it happened (the {@code
 * mars.events} partition and offset of its latest event). A Flink POJO.
 *
 * <p>Alerts are committed with the checkpoint after them, documents are written ahead of it. When
 * the job restarts from a checkpoint taken before a change, the message's document may already
 * carry the change while its alert was never committed: reading an event at or before the change's
 * position again is how the job knows, and sends the alert again (see {@link MessageLifecycle}).
 */
@TypeInfo(RecordedChange.TypeFactory.class)
public class RecordedChange {

  private int number;
  private String from;
  private String to;
  private List<String> missing = new ArrayList<>();
  private List<String> late = new ArrayList<>();
  private long stuckSince = Verdict.NONE;
  private long at;
  private int partition = MessageEvent.UNKNOWN;
  private long offset = MessageEvent.UNKNOWN;

  public RecordedChange() {}

  static RecordedChange of(
      int number, Status from, Verdict verdict, long at, int partition, long offset) {
    RecordedChange recorded = new RecordedChange();
    recorded.number = number;
    recorded.from = from.json();
    recorded.to = verdict.status().json();
    recorded.missing = new ArrayList<>(verdict.missing());
    recorded.late = new ArrayList<>(verdict.late());
    recorded.stuckSince = verdict.stuckSince();
    recorded.at = at;
    recorded.partition = partition;
    recorded.offset = offset;
    return recorded;
  }

  /** Whether the change came after this event was read: reading it again means a replay. */
  boolean cameAfter(MessageEvent event) {
    return partition != MessageEvent.UNKNOWN
        && event.getPartition() == partition
        && event.getOffset() <= offset;
  }

  /** The change's alert, the same whenever it is sent. */
  StatusChange toAlert(MessageState message) {
    String documentId = MessageKey.documentId(message.getAppId(), message.getMessageId());
    StatusChange change = new StatusChange();
    change.setAlertId(StatusChange.alertId(documentId, number));
    change.setDocumentId(documentId);
    change.setAppId(message.getAppId());
    change.setMessageId(message.getMessageId());
    change.setFrom(from);
    change.setTo(to);
    change.setMissing(new ArrayList<>(missing));
    change.setLate(new ArrayList<>(late));
    change.setStuckSince(stuckSince);
    change.setAt(at);
    return change;
  }

  /** Numbers the message's changes, from 1: the alert id ends with it. */
  public int getNumber() {
    return number;
  }

  public void setNumber(int number) {
    this.number = number;
  }

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public List<String> getMissing() {
    return missing;
  }

  public void setMissing(List<String> missing) {
    this.missing = missing;
  }

  public List<String> getLate() {
    return late;
  }

  public void setLate(List<String> late) {
    this.late = late;
  }

  public long getStuckSince() {
    return stuckSince;
  }

  public void setStuckSince(long stuckSince) {
    this.stuckSince = stuckSince;
  }

  /** When the change was seen (processing time). */
  public long getAt() {
    return at;
  }

  public void setAt(long at) {
    this.at = at;
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

  /** Explicit type information: list fields would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<RecordedChange> {
    @Override
    public TypeInformation<RecordedChange> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          RecordedChange.class,
          Map.ofEntries(
              Map.entry("number", Types.INT),
              Map.entry("from", Types.STRING),
              Map.entry("to", Types.STRING),
              Map.entry("missing", Types.LIST(Types.STRING)),
              Map.entry("late", Types.LIST(Types.STRING)),
              Map.entry("stuckSince", Types.LONG),
              Map.entry("at", Types.LONG),
              Map.entry("partition", Types.INT),
              Map.entry("offset", Types.LONG)));
    }
  }
}
