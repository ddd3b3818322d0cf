package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The events of one message that arrived within one window, in arrival order. */
@TypeInfo(EventBatch.TypeFactory.class)
public class EventBatch {

  private List<MessageEvent> events = new ArrayList<>();

  public EventBatch() {}

  public EventBatch(List<MessageEvent> events) {
    this.events = new ArrayList<>(events);
  }

  public void add(MessageEvent event) {
    events.add(event);
  }

  public void addAll(EventBatch other) {
    events.addAll(other.events);
  }

  /** Every event of a batch has the same key: the window is keyed by it. */
  public String messageKey() {
    return events.get(0).messageKey();
  }

  public List<MessageEvent> getEvents() {
    return events;
  }

  public void setEvents(List<MessageEvent> events) {
    this.events = events;
  }

  /** Explicit type information: a list field would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<EventBatch> {
    @Override
    public TypeInformation<EventBatch> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(EventBatch.class, Map.of("events", MessageTypes.EVENT_LIST));
    }
  }
}
