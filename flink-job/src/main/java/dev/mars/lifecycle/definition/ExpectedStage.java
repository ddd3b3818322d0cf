package dev.mars.lifecycle.definition;

import java.io.Serializable;
import java.util.Objects;

/**
 * A stage a message is expected to reach, and by when: {@code within} of its reference, which is
 * the stage named by {@code after}, or else the message's start. No {@code within}: expected for
 * completeness, never declared missing.
 *
 * @param within milliseconds, or -1 for no deadline
 * @param after an earlier stage of the same lifecycle, or null for the message's start
 */
public record ExpectedStage(String name, long within, String after) implements Serializable {

  public static final long NO_DEADLINE = -1;

  public ExpectedStage {
    Objects.requireNonNull(name, "name");
  }

  public boolean hasDeadline() {
    return within != NO_DEADLINE;
  }
}
