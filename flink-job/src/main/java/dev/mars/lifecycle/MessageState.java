package dev.mars.lifecycle;

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

/** All that is known of one message: its events, without repeats, ordered by created_at. */
@TypeInfo(MessageState.TypeFactory.class)
public class MessageState {

  private static final Comparator<MessageEvent> BY_CREATED_AT =
      Comparator.comparingLong(MessageEvent::getCreatedAt);

  private String appId;
  private String messageId;
  private List<MessageEvent> events = new ArrayList<>();

  public MessageState() {}

  public MessageState(String appId, String messageId) {
    this.appId = appId;
    this.messageId = messageId;
  }

  /**
   * Adds the events not already held, keeping created_at order (arrival order among equal times).
   *
   * @return whether anything was added
   */
  public boolean addAll(List<MessageEvent> incoming) {
    boolean changed = false;
    for (MessageEvent event : incoming) {
      if (events.stream().noneMatch(event::sameReportAs)) {
        events.add(insertionPoint(event), event);
        changed = true;
      }
    }
    return changed;
  }

  private int insertionPoint(MessageEvent event) {
    int i = events.size();
    while (i > 0 && BY_CREATED_AT.compare(events.get(i - 1), event) > 0) {
      i--;
    }
    return i;
  }

  public long firstSeen() {
    return events.get(0).getCreatedAt();
  }

  public long lastSeen() {
    return events.get(events.size() - 1).getCreatedAt();
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

  public List<MessageEvent> getEvents() {
    return events;
  }

  public void setEvents(List<MessageEvent> events) {
    this.events = events;
  }

  /** Explicit type information: a list field would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<MessageState> {
    @Override
    public TypeInformation<MessageState> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          MessageState.class,
          Map.of(
              "appId", Types.STRING,
              "messageId", Types.STRING,
              "events", MessageTypes.EVENT_LIST));
    }
  }
}
