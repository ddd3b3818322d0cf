package dev.mars.lifecycle;

import dev.mars.event.MessageDescription;
import dev.mars.event.MessageEvent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * All that is known of one message: its events, without repeats, ordered by created_at; where it
 * stands against its lifecycle; and the bookkeeping of its timers. A Flink POJO.
 */
@TypeInfo(MessageState.TypeFactory.class)
public class MessageState {

  /** No timer is set. */
  public static final long NO_TIMER = Long.MIN_VALUE;

  private static final Comparator<RecordedEvent> BY_CREATED_AT =
      Comparator.comparingLong(RecordedEvent::getCreatedAt);

  private String appId;
  private String messageId;
  private String index;
  private List<RecordedEvent> events = new ArrayList<>();
  private String status = Status.IN_PROGRESS.json();
  private List<String> declaredMissing = new ArrayList<>();
  private int statusChanges;
  private List<RecordedChange> changeLog = new ArrayList<>();
  private int inputPartition = MessageEvent.UNKNOWN;
  private long inputOffset = MessageEvent.UNKNOWN;
  private boolean finished;
  private long progress = Long.MIN_VALUE;
  private long lastActivity = Long.MIN_VALUE;
  private long lastWrittenAt = Long.MIN_VALUE;
  private long deadlineTimer = NO_TIMER;
  private long expiryTimer = NO_TIMER;
  private int eventsDropped;
  private MessageDescription description = new MessageDescription();

  public MessageState() {}

  public MessageState(String appId, String messageId, String index) {
    this.appId = appId;
    this.messageId = messageId;
    this.index = index;
  }

  /**
   * Adds the events not already held, keeping created_at order (arrival order among equal times).
   *
   * @return the events added
   */
  public List<RecordedEvent> addAll(List<RecordedEvent> incoming) {
    return addAll(incoming, Integer.MAX_VALUE, new ArrayList<>());
  }

  /**
   * Adds the events not already held while fewer than {@code maxEvents} are; the new ones past that
   * go to {@code dropped} and are counted in {@link #getEventsDropped()}.
   *
   * @return the events added
   */
  public List<RecordedEvent> addAll(
      List<RecordedEvent> incoming, int maxEvents, List<RecordedEvent> dropped) {
    List<RecordedEvent> added = new ArrayList<>();
    for (RecordedEvent event : incoming) {
      if (holds(event.getEventId())) {
        continue;
      }
      if (events.size() >= maxEvents) {
        dropped.add(event);
        eventsDropped++;
      } else {
        events.add(insertionPoint(event), event);
        added.add(event);
      }
    }
    return added;
  }

  /** Takes what an added event says about its message; whether anything changed. */
  public boolean describe(MessageEvent event) {
    return description.take(event.getDescription());
  }

  /** Whether an event with this id is held: a retry or a replay counts once. */
  private boolean holds(String eventId) {
    for (RecordedEvent held : events) {
      if (held.getEventId().equals(eventId)) {
        return true;
      }
    }
    return false;
  }

  private int insertionPoint(RecordedEvent event) {
    int i = events.size();
    while (i > 0 && BY_CREATED_AT.compare(events.get(i - 1), event) > 0) {
      i--;
    }
    return i;
  }

  /** Moves the input's progress seen by this message forward, never back. */
  public long advanceProgress(long watermark) {
    progress = Math.max(progress, watermark);
    return progress;
  }

  /** Takes a verdict: returns whether the status changed. */
  public boolean apply(Verdict verdict) {
    declaredMissing = new ArrayList<>(verdict.declared());
    finished = verdict.finished();
    if (verdict.status().json().equals(status)) {
      return false;
    }
    status = verdict.status().json();
    statusChanges++;
    return true;
  }

  /**
   * Moves the message's input position to this event's, if it was read from Kafka later.
   *
   * @return whether the event came from another partition than the message's earlier ones (its
   *     producer did not key it by message_id)
   */
  public boolean advanceInput(MessageEvent event) {
    if (event.getPartition() == MessageEvent.UNKNOWN) {
      return false;
    }
    boolean elsewhere =
        inputPartition != MessageEvent.UNKNOWN && event.getPartition() != inputPartition;
    if (elsewhere || event.getOffset() > inputOffset) {
      inputPartition = event.getPartition();
      inputOffset = event.getOffset();
    }
    return elsewhere;
  }

  /**
   * Records the change just made, at the message's input position. All are kept: a message changes
   * status at most twice per expected stage (stuck, then late) and once more when it completes.
   */
  public RecordedChange remember(Status from, Verdict verdict, long at) {
    RecordedChange change =
        RecordedChange.of(statusChanges, from, verdict, at, inputPartition, inputOffset);
    changeLog.add(change);
    return change;
  }

  /** The kept changes that came after one of these events was read: read again, a replay. */
  public List<RecordedChange> changesAfter(List<MessageEvent> read) {
    List<RecordedChange> after = new ArrayList<>();
    for (RecordedChange change : changeLog) {
      if (read.stream().anyMatch(change::cameAfter)) {
        after.add(change);
      }
    }
    return after;
  }

  public long firstSeen() {
    return events.get(0).getCreatedAt();
  }

  public long lastSeen() {
    return events.get(events.size() - 1).getCreatedAt();
  }

  /** What the message's events said about it: external_id, attributes. */
  public MessageDescription getDescription() {
    return description;
  }

  public void setDescription(MessageDescription description) {
    this.description = description == null ? new MessageDescription() : description;
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

  /** The index the message's document lives in: chosen at its first write, never changed. */
  public String getIndex() {
    return index;
  }

  public void setIndex(String index) {
    this.index = index;
  }

  public List<RecordedEvent> getEvents() {
    return events;
  }

  public void setEvents(List<RecordedEvent> events) {
    this.events = events;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public List<String> getDeclaredMissing() {
    return declaredMissing;
  }

  public void setDeclaredMissing(List<String> declaredMissing) {
    this.declaredMissing = declaredMissing;
  }

  /** How many times the status changed: numbers the message's alerts. */
  public int getStatusChanges() {
    return statusChanges;
  }

  public void setStatusChanges(int statusChanges) {
    this.statusChanges = statusChanges;
  }

  /** Every status change, with how far the input had got: what an alert is sent again from. */
  public List<RecordedChange> getChangeLog() {
    return changeLog;
  }

  public void setChangeLog(List<RecordedChange> changeLog) {
    this.changeLog = changeLog;
  }

  /** The {@code mars.events} partition of the message's latest event read, or unknown. */
  public int getInputPartition() {
    return inputPartition;
  }

  public void setInputPartition(int inputPartition) {
    this.inputPartition = inputPartition;
  }

  /** That event's offset. */
  public long getInputOffset() {
    return inputOffset;
  }

  public void setInputOffset(long inputOffset) {
    this.inputOffset = inputOffset;
  }

  /** Every expected stage has arrived: its state is kept for a shorter while. */
  public boolean isFinished() {
    return finished;
  }

  public void setFinished(boolean finished) {
    this.finished = finished;
  }

  /** The furthest input progress (watermark) this message was judged at. */
  public long getProgress() {
    return progress;
  }

  public void setProgress(long progress) {
    this.progress = progress;
  }

  /** When (processing time) the message's document was last handed to the sink. */
  public long getLastWrittenAt() {
    return lastWrittenAt;
  }

  public void setLastWrittenAt(long lastWrittenAt) {
    this.lastWrittenAt = lastWrittenAt;
  }

  /** The input progress when the message last received an event: its state expires from it. */
  public long getLastActivity() {
    return lastActivity;
  }

  public void setLastActivity(long lastActivity) {
    this.lastActivity = lastActivity;
  }

  public long getDeadlineTimer() {
    return deadlineTimer;
  }

  public void setDeadlineTimer(long deadlineTimer) {
    this.deadlineTimer = deadlineTimer;
  }

  public long getExpiryTimer() {
    return expiryTimer;
  }

  public void setExpiryTimer(long expiryTimer) {
    this.expiryTimer = expiryTimer;
  }

  /** New events this message could not keep: it held its limit. */
  public int getEventsDropped() {
    return eventsDropped;
  }

  public void setEventsDropped(int eventsDropped) {
    this.eventsDropped = eventsDropped;
  }

  /** Explicit type information: list fields would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<MessageState> {
    @Override
    public TypeInformation<MessageState> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          MessageState.class,
          Map.ofEntries(
              Map.entry("appId", Types.STRING),
              Map.entry("messageId", Types.STRING),
              Map.entry("index", Types.STRING),
              Map.entry("events", MessageTypes.EVENT_LIST),
              Map.entry("status", Types.STRING),
              Map.entry("declaredMissing", Types.LIST(Types.STRING)),
              Map.entry("statusChanges", Types.INT),
              Map.entry("changeLog", MessageTypes.CHANGE_LIST),
              Map.entry("inputPartition", Types.INT),
              Map.entry("inputOffset", Types.LONG),
              Map.entry("finished", Types.BOOLEAN),
              Map.entry("progress", Types.LONG),
              Map.entry("lastActivity", Types.LONG),
              Map.entry("lastWrittenAt", Types.LONG),
              Map.entry("deadlineTimer", Types.LONG),
              Map.entry("expiryTimer", Types.LONG),
              Map.entry("eventsDropped", Types.INT),
              Map.entry("description", Types.POJO(MessageDescription.class))));
    }
  }
}
