package dev.mars.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The default lifecycle's deadlines, read from the job's own lifecycle file, so that the
 * benchmark's verdicts follow what the job was given. Only deadlines from the message's start are
 * read; a stage judged {@code after} another is refused (the ledger cannot follow it).
 */
final class LifecycleDeadlines {

  /** The stage has no deadline, or is not in the lifecycle. */
  static final long NONE = Long.MIN_VALUE;

  private final Map<String, Long> fromStart;

  private LifecycleDeadlines(Map<String, Long> fromStart) {
    this.fromStart = fromStart;
  }

  static LifecycleDeadlines read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  static LifecycleDeadlines parse(String yaml) {
    Object document = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    if (!(document instanceof Map<?, ?> root) || !(root.get("default") instanceof List<?> stages)) {
      throw new IllegalArgumentException("the lifecycle file has no default list of stages");
    }
    Map<String, Long> fromStart = new HashMap<>();
    for (Object item : stages) {
      if (!(item instanceof Map<?, ?> stage) || stage.get("stage") == null) {
        throw new IllegalArgumentException("a default stage is not a mapping with a stage name");
      }
      if (stage.get("after") != null) {
        throw new IllegalArgumentException(
            "stage " + stage.get("stage") + " is judged after another; the benchmark cannot");
      }
      Object within = stage.get("within");
      fromStart.put(
          stage.get("stage").toString(), within == null ? NONE : millis(within.toString()));
    }
    return new LifecycleDeadlines(fromStart);
  }

  /** The stage's deadline in milliseconds from the message's start, or {@link #NONE}. */
  long fromStart(String stage) {
    return fromStart.getOrDefault(stage, NONE);
  }

  /** The job's duration syntax: 500ms, 30s, 2m, 1h, 1d. */
  static long millis(String text) {
    String value = text.trim();
    int unitAt = 0;
    while (unitAt < value.length() && Character.isDigit(value.charAt(unitAt))) {
      unitAt++;
    }
    long amount = Long.parseLong(value.substring(0, unitAt));
    return switch (value.substring(unitAt)) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      case "h" -> amount * 3_600_000;
      case "d" -> amount * 86_400_000;
      default -> throw new IllegalArgumentException("not a duration: " + text);
    };
  }
}
