package dev.mars.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an async-profiler collapsed-stacks file (one {@code frame;frame;... samples} line per
 * stack) and prints the frames with the most samples: on their own (self) and with what they call
 * (total), as shares of all samples.
 *
 * <pre>bench/bin/profile-summary FILE [top] [frame-filter]</pre>
 */
public final class ProfileSummary {

  private final Map<String, Long> self = new HashMap<>();
  private final Map<String, Long> total = new HashMap<>();
  private long samples;

  private ProfileSummary() {}

  public static void main(String[] args) throws IOException {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String filter = args.length > 2 ? args[2] : "";
    ProfileSummary summary = read(Path.of(args[0]));
    System.out.printf(Locale.ROOT, "%d samples%n%nself:%n", summary.samples);
    summary.print(summary.self, top, filter);
    System.out.printf(Locale.ROOT, "%ntotal (with callees):%n");
    summary.print(summary.total, top, filter);
  }

  static ProfileSummary read(Path file) throws IOException {
    ProfileSummary summary = new ProfileSummary();
    for (String line : Files.readAllLines(file)) {
      summary.add(line);
    }
    return summary;
  }

  void add(String line) {
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      return;
    }
    long count = Long.parseLong(line.substring(space + 1).trim());
    String[] frames = line.substring(0, space).split(";");
    samples += count;
    self.merge(frames[frames.length - 1], count, Long::sum);
    Set<String> seen = new HashSet<>(List.of(frames)); // recursion counts once
    for (String frame : seen) {
      total.merge(frame, count, Long::sum);
    }
  }

  long self(String frame) {
    return self.getOrDefault(frame, 0L);
  }

  long total(String frame) {
    return total.getOrDefault(frame, 0L);
  }

  long samples() {
    return samples;
  }

  private void print(Map<String, Long> counts, int top, String filter) {
    counts.entrySet().stream()
        .filter(entry -> entry.getKey().contains(filter))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            entry ->
                System.out.printf(
                    Locale.ROOT,
                    "%6.2f%%  %s%n",
                    100.0 * entry.getValue() / samples,
                    entry.getKey()));
  }
}
