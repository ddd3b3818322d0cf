package dev.mars.lifecycle.definition;

import java.io.Serializable;
import java.util.List;

/** The stages an app's messages are expected to go through, in order. */
public record Lifecycle(List<ExpectedStage> stages) implements Serializable {

  public Lifecycle {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a lifecycle needs at least one stage");
    }
    stages = List.copyOf(stages);
  }

  /** The stage a message starts with. */
  public ExpectedStage first() {
    return stages.get(0);
  }

  /** The position of {@code stage} in the lifecycle, or -1 when it is not one of its stages. */
  public int indexOf(String stage) {
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i).name().equals(stage)) {
        return i;
      }
    }
    return -1;
  }
}
