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
 * The searchable document of one message, written whole from its state: writing it again (a replay)
 * gives the same document under the same id.
 */
@TypeInfo(MessageDocument.TypeFactory.class)
public class MessageDocument {

  private String id;
  private String appId;
  private String messageId;
  private List<MessageEvent> events = new ArrayList<>();
  private long firstSeen;
  private long lastSeen;
  private long updatedAt;

  public MessageDocument() {}

  public static MessageDocument of(MessageState state, long updatedAt) {
    MessageDocument document = new MessageDocument();
    document.id = MessageKey.documentId(state.getAppId(), state.getMessageId());
    document.appId = state.getAppId();
    document.messageId = state.getMessageId();
    document.events = new ArrayList<>(state.getEvents());
    document.firstSeen = state.firstSeen();
    document.lastSeen = state.lastSeen();
    document.updatedAt = updatedAt;
    return document;
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

  /** Explicit type information: a list field would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<MessageDocument> {
    @Override
    public TypeInformation<MessageDocument> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          MessageDocument.class,
          Map.of(
              "id", Types.STRING,
              "appId", Types.STRING,
              "messageId", Types.STRING,
              "events", MessageTypes.EVENT_LIST,
              "firstSeen", Types.LONG,
              "lastSeen", Types.LONG,
              "updatedAt", Types.LONG));
    }
  }
}
