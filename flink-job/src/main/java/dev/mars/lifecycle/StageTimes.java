package dev.mars.lifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message's stages as Mars shows them: each stage's first created_at, in time order, and the time
 * each stage took to follow the one before it.
 */
public final class StageTimes {

  private final Map<String, Long> firstSeen = new LinkedHashMap<>();

  /** {@code events} must be in created_at order, as {@link MessageState} keeps them. */
  public StageTimes(List<RecordedEvent> events) {
    for (RecordedEvent event : events) {
      firstSeen.putIfAbsent(event.getEvent(), event.getCreatedAt());
    }
  }

  /** Stage → its first created_at (epoch millis), earliest first. */
  public Map<String, Long> firstSeen() {
    return firstSeen;
  }

  /** Stage → milliseconds since the stage before it; the first stage has none. */
  public Map<String, Long> sincePrevious() {
    Map<String, Long> durations = new LinkedHashMap<>();
    Long previous = null;
    for (Map.Entry<String, Long> stage : firstSeen.entrySet()) {
      if (previous != null) {
        durations.put(stage.getKey(), stage.getValue() - previous);
      }
      previous = stage.getValue();
    }
    return durations;
  }
}
