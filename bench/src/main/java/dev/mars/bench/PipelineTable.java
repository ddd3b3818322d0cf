package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints pipeline benchmark results files (bench/bin/run-pipeline) as the Markdown table
 * bench/README shows: one row per file, with the revision and the settings that differ from the
 * defaults.
 */
public final class PipelineTable {

  /** The parts of Mars whose CPU a pipeline run measures, in the tables' order. */
  static final String[] PARTS = {
    "kafka", "elasticsearch", "flink-job", "ingest-api", "dashboard-api"
  };

  private PipelineTable() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "| revision | offered, settings | accepted | ES writes per message |"
            + " created→searchable p50 / p99 | CPU-s per M events: Kafka / ES / job / ingest /"
            + " dashboard = total | verification |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String file : args) {
      System.out.println(row(Elasticsearch.JSON.readTree(new File(file))));
    }
  }

  static String row(JsonNode results) {
    JsonNode settings = results.path("settings");
    List<String> cpu = new ArrayList<>();
    double total = 0;
    for (String part : PARTS) {
      double seconds = results.path("cpu_seconds_per_million_events").path(part).asDouble();
      cpu.add(String.format(Locale.ROOT, "%.0f", seconds));
      total += seconds;
    }
    JsonNode verification = results.path("verification");
    return String.format(
        Locale.ROOT,
        "| %s | %s | %,d ev/s | %.2f | %.1f s / %.1f s | %s = %.0f | %s |",
        settings.path("revision").asText(),
        offered(settings),
        results.path("accepted_events_per_s").asLong(),
        results.path("elasticsearch_writes_per_message").asDouble(),
        results.path("latency_p50_ms").asLong() / 1000.0,
        results.path("latency_p99_ms").asLong() / 1000.0,
        String.join(" / ", cpu),
        total,
        verification.path("passed").asBoolean()
            ? String.format(
                Locale.ROOT,
                "PASS (%,d events, %,d messages)",
                verification.path("events").asLong(),
                verification.path("messages").asLong())
            : failure(results));
  }

  private static String failure(JsonNode results) {
    JsonNode v = results.path("verification");
    List<String> reasons = new ArrayList<>();
    if (results.path("probes_given_up").asLong() > 0) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "%,d probes not searchable in %s s (the pipeline lagged)",
              results.path("probes_given_up").asLong(),
              results.path("settings").path("probe-patience").asText("120")));
    }
    for (String check :
        new String[] {
          "missing_documents",
          "event_mismatches",
          "status_mismatches",
          "counter_mismatches",
          "alert_mismatches",
          "alerts_repeated"
        }) {
      if (v.path(check).asLong() > 0) {
        reasons.add(check.replace('_', ' ') + " " + v.path(check).asLong());
      }
    }
    return "FAIL: " + (reasons.isEmpty() ? "see its log" : String.join(", ", reasons));
  }

  /** What a run offered, for how long after how much warm-up, and what it changed. */
  static String offered(JsonNode settings) {
    return String.format(
        Locale.ROOT,
        "%,d ev/s, %s s after %s s%s",
        settings.path("rate").asInt(),
        settings.path("duration").asText(),
        settings.path("warmup").asText(),
        extra(settings));
  }

  /** What a run changed from the standard batching clients and the job's defaults. */
  private static String extra(JsonNode settings) {
    StringBuilder extra = new StringBuilder();
    if (!settings.path("linger-ms").asText("100").equals("100")) {
      extra.append(", linger ").append(settings.path("linger-ms").asText()).append(" ms");
    }
    // Runs before /increment/bulk sent the workload's counters one request each.
    if (settings.path("counter-bulk-size").asText("1").equals("1")) {
      extra.append(", counters one per request");
    }
    if (!settings.path("profiled").asText("").isBlank()) {
      extra.append(", profiled (").append(settings.path("profiled").asText()).append(')');
    }
    String jobArgs = settings.path("job-args").asText("").replace("--state.ttl.hours 0.02", "");
    if (!jobArgs.isBlank()) {
      extra.append(", `").append(jobArgs.trim()).append('`');
    }
    return extra.toString();
  }
}
