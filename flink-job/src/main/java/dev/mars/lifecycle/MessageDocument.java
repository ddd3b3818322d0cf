package dev.mars.lifecycle;

import dev.mars.event.MessageDescription;
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
 * The searchable document of one message, written whole from its state: writing it again (a replay)
 * gives the same document under the same id, in the same index.
 */
@TypeInfo(MessageDocument.TypeFactory.class)
public class MessageDocument {

  private String id;
  private String index;
  private String appId;
  private String messageId;
  private List<RecordedEvent> events = new ArrayList<>();
  private long firstSeen;
  private long lastSeen;
  private long updatedAt;
  private String status;
  private List<String> missing = new ArrayList<>();
  private List<String> late = new ArrayList<>();
  private List<String> outOfOrder = new ArrayList<>();
  private long stuckSince = Verdict.NONE;
  private long judgedAt = Long.MIN_VALUE;
  private int statusChanges;
  private List<RecordedChange> changeLog = new ArrayList<>();
  private int eventsDropped;
  private MessageDescription description = new MessageDescription();

  public MessageDocument() {}

  public static MessageDocument of(MessageState state, Verdict verdict, long updatedAt) {
    MessageDocument document = new MessageDocument();
    document.id = MessageKey.documentId(state.getAppId(), state.getMessageId());
    document.index = state.getIndex();
    document.appId = state.getAppId();
    document.messageId = state.getMessageId();
    document.events = new ArrayList<>(state.getEvents());
    document.firstSeen = state.firstSeen();
    document.lastSeen = state.lastSeen();
    document.updatedAt = updatedAt;
    document.status = verdict.status().json();
    document.missing = new ArrayList<>(verdict.missing());
    document.late = new ArrayList<>(verdict.late());
    document.outOfOrder = new ArrayList<>(verdict.outOfOrder());
    document.stuckSince = verdict.stuckSince();
    document.statusChanges = state.getStatusChanges();
    document.changeLog = new ArrayList<>(state.getChangeLog());
    document.judgedAt = state.getProgress();
    document.eventsDropped = state.getEventsDropped();
    document.description = state.getDescription().copy();
    return document;
  }

  /** What the message's events said about it: external_id, attributes. */
  public MessageDescription getDescription() {
    return description;
  }

  public void setDescription(MessageDescription description) {
    this.description = description == null ? new MessageDescription() : description;
  }

  /** New events the message could not keep: it held its limit. */
  public int getEventsDropped() {
    return eventsDropped;
  }

  public void setEventsDropped(int eventsDropped) {
    this.eventsDropped = eventsDropped;
  }

  public int eventCount() {
    return events.size();
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getIndex() {
    return index;
  }

  public void setIndex(String index) {
    this.index = index;
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

  public List<RecordedEvent> getEvents() {
    return events;
  }

  public void setEvents(List<RecordedEvent> events) {
    this.events = events;
  }

  public long getFirstSeen() {
    return firstSeen;
  }

  public void setFirstSeen(long firstSeen) {
    this.firstSeen = firstSeen;
  }

  public long getLastSeen() {
    return lastSeen;
  }

  public void setLastSeen(long lastSeen) {
    this.lastSeen = lastSeen;
  }

  public long getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(long updatedAt) {
    this.updatedAt = updatedAt;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
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

  public List<String> getOutOfOrder() {
    return outOfOrder;
  }

  public void setOutOfOrder(List<String> outOfOrder) {
    this.outOfOrder = outOfOrder;
  }

  /** The input's progress (watermark) the status was judged at; MIN before any watermark. */
  public long getJudgedAt() {
    return judgedAt;
  }

  public void setJudgedAt(long judgedAt) {
    this.judgedAt = judgedAt;
  }

  public long getStuckSince() {
    return stuckSince;
  }

  public void setStuckSince(long stuckSince) {
    this.stuckSince = stuckSince;
  }

  public int getStatusChanges() {
    return statusChanges;
  }

  public void setStatusChanges(int statusChanges) {
    this.statusChanges = statusChanges;
  }

  /** The status changes the message's state keeps: read back with the document. */
  public List<RecordedChange> getChangeLog() {
    return changeLog;
  }

  public void setChangeLog(List<RecordedChange> changeLog) {
    this.changeLog = changeLog;
  }

  /** Explicit type information: list fields would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<MessageDocument> {
    @Override
    public TypeInformation<MessageDocument> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          MessageDocument.class,
          Map.ofEntries(
              Map.entry("id", Types.STRING),
              Map.entry("index", Types.STRING),
              Map.entry("appId", Types.STRING),
              Map.entry("messageId", Types.STRING),
              Map.entry("events", MessageTypes.EVENT_LIST),
              Map.entry("firstSeen", Types.LONG),
              Map.entry("lastSeen", Types.LONG),
              Map.entry("updatedAt", Types.LONG),
              Map.entry("status", Types.STRING),
              Map.entry("missing", Types.LIST(Types.STRING)),
              Map.entry("late", Types.LIST(Types.STRING)),
              Map.entry("outOfOrder", Types.LIST(Types.STRING)),
              Map.entry("stuckSince", Types.LONG),
              Map.entry("judgedAt", Types.LONG),
              Map.entry("statusChanges", Types.INT),
              Map.entry("changeLog", MessageTypes.CHANGE_LIST),
              Map.entry("eventsDropped", Types.INT),
              Map.entry("description", Types.POJO(MessageDescription.class))));
    }
  }
}
