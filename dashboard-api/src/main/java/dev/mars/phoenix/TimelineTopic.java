package dev.mars.phoenix;

import dev.mars.event.EventLimits;
import java.util.Optional;

/** Mars's channel topics: {@code event_timeline:<message_id>}. */
final class TimelineTopic {

  static final String PREFIX = "event_timeline:";

  private TimelineTopic() {}

  /** The message id of a timeline topic, or empty when {@code topic} is not one. */
  static Optional<String> messageId(String topic) {
    if (!topic.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String id = topic.substring(PREFIX.length());
    if (id.isEmpty() || EventLimits.textProblem(id, EventLimits.MAX_ID_LENGTH) != null) {
      return Optional.empty();
    }
    return Optional.of(id);
  }
}
