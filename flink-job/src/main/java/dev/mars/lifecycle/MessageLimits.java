package dev.mars.lifecycle;

import java.io.Serializable;
import java.time.Duration;

/**
 * What one message may hold in the job, whatever its clients send.
 *
 * @param maxEvents events kept per message; later ones are counted in the document ({@code
 *     events_dropped}) and dead-lettered, not stored
 * @param maxIdle processing time after its last event that a message's state is kept at most, even
 *     when its deadlines lie further ahead (a client's clock far in the future)
 * @param sourceTopic the topic events are read from, named as a dropped event's source
 */
public record MessageLimits(int maxEvents, Duration maxIdle, String sourceTopic)
    implements Serializable {

  public static final MessageLimits DEFAULTS =
      new MessageLimits(1_000, Duration.ofDays(14), "mars.events");

  public MessageLimits {
    if (maxEvents <= 0 || maxIdle.isNegative() || maxIdle.isZero()) {
      throw new IllegalArgumentException("a message's limits must be positive");
    }
  }
}
