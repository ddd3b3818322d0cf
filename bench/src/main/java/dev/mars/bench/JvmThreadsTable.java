package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, from pipeline results files, each part's CPU per million events with what of it its JVM
 * spent compiling (JIT) and collecting garbage (GC): the share a longer-running process would
 * mostly not pay again (JIT) or that depends on its heap settings (GC).
 */
public final class JvmThreadsTable {

  private JvmThreadsTable() {}

  public static void main(String[] args) throws Exception {
    StringBuilder header = new StringBuilder("| revision | offered, settings |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String part : PipelineTable.PARTS) {
      header.append(' ').append(part).append(" |");
      rule.append("---|");
    }
    System.out.println(header.append(" all parts |"));
    System.out.println(rule.append("---|"));
    for (String file : args) {
      System.out.println(row(Elasticsearch.JSON.readTree(new File(file))));
    }
  }

  /** Cells "all (JIT n, GC m)" in CPU-s per million events; runs before the split say "–". */
  static String row(JsonNode results) {
    List<String> cells = new ArrayList<>();
    double[] sums = new double[3];
    for (String part : PipelineTable.PARTS) {
      double all = results.path("cpu_seconds_per_million_events").path(part).asDouble();
      JsonNode jit = results.path("jit_cpu_seconds_per_million_events").path(part);
      JsonNode gc = results.path("gc_cpu_seconds_per_million_events").path(part);
      cells.add(cell(all, jit, gc));
      sums[0] += all;
      sums[1] += jit.asDouble();
      sums[2] += gc.asDouble();
    }
    boolean split = results.has("jit_cpu_seconds_per_million_events");
    cells.add(
        split
            ? String.format(Locale.ROOT, "%.0f (JIT %.0f, GC %.0f)", sums[0], sums[1], sums[2])
            : String.format(Locale.ROOT, "%.0f (–)", sums[0]));
    JsonNode settings = results.path("settings");
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s |",
        settings.path("revision").asText(),
        PipelineTable.offered(settings),
        String.join(" | ", cells));
  }

  private static String cell(double all, JsonNode jit, JsonNode gc) {
    if (jit.isMissingNode() || gc.isMissingNode()) {
      return String.format(Locale.ROOT, "%.0f (–)", all);
    }
    return String.format(
        Locale.ROOT, "%.0f (JIT %.0f, GC %.0f)", all, jit.asDouble(), gc.asDouble());
  }
}
