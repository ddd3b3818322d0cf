package dev.mars.counter;

import java.io.Serializable;
import java.time.Duration;

/**
 * What a counter remembers of the request ids it has counted, so that a client's retry counts once:
 * each id for {@code retention}, and at most {@code maxPerCounter} of them, the oldest forgotten
 * first when more arrive within the retention.
 */
public record RequestIdMemory(Duration retention, int maxPerCounter) implements Serializable {

  public RequestIdMemory {
    if (retention == null || retention.toMillis() <= 0) {
      throw new IllegalArgumentException(
          "the request id retention must be at least a millisecond, was " + retention);
    }
    if (maxPerCounter <= 0) {
      throw new IllegalArgumentException(
          "a counter must remember at least one request id, was " + maxPerCounter);
    }
  }
}
