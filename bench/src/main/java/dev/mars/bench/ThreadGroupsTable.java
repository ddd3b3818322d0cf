package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prints one part's CPU per million events by group of threads, one column per pipeline results
 * file: where a process's time goes without a profiler (a Flink task thread is named after its
 * first operator, e.g. {@code message-lifecyc}).
 */
public final class ThreadGroupsTable {

  private ThreadGroupsTable() {}

  /** Arguments: {@code [--part flink-job] FILE...}. */
  public static void main(String[] args) throws Exception {
    String part = "flink-job";
    List<JsonNode> runs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--part")) {
        part = args[++i];
      } else {
        runs.add(Elasticsearch.JSON.readTree(new File(args[i])));
      }
    }
    System.out.print(table(part, runs));
  }

  static String table(String part, List<JsonNode> runs) {
    StringBuilder table = new StringBuilder("| " + part + ": thread group |");
    StringBuilder rule = new StringBuilder("|---|");
    Set<String> groups = new LinkedHashSet<>();
    for (JsonNode run : runs) {
      JsonNode settings = run.path("settings");
      table.append(
          String.format(
              " %s, %s |", settings.path("revision").asText(), PipelineTable.offered(settings)));
      rule.append("---|");
      run.path("thread_cpu_seconds_per_million_events")
          .path(part)
          .fieldNames()
          .forEachRemaining(groups::add);
    }
    table.append('\n').append(rule).append('\n');
    for (String group : groups) {
      table.append("| `").append(group).append("` |");
      for (JsonNode run : runs) {
        JsonNode seconds = run.path("thread_cpu_seconds_per_million_events").path(part).path(group);
        table.append(
            seconds.isMissingNode()
                ? " – |"
                : String.format(Locale.ROOT, " %.1f |", seconds.asDouble()));
      }
      table.append('\n');
    }
    table.append("| all threads (the process) |");
    for (JsonNode run : runs) {
      table.append(
          String.format(
              Locale.ROOT,
              " %.1f |",
              run.path("cpu_seconds_per_million_events").path(part).asDouble()));
    }
    return table.append('\n').toString();
  }
}
