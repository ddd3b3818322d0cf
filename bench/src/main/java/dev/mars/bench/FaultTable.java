package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.Locale;

/**
 * Prints a fault benchmark's results file (bench/bin/run-faults) as the Markdown table bench/README
 * shows: per fault, how long the part was down, how long until the pipeline was back to normal,
 * what clients saw, latency, and the verification.
 */
public final class FaultTable {

  private FaultTable() {}

  public static void main(String[] args) throws Exception {
    JsonNode results = Elasticsearch.JSON.readTree(new File(args[0]));
    System.out.printf(
        Locale.ROOT,
        "Revision %s, %s, %d cores; %s events/s offered on the cluster, %s on the single-node"
            + " stack; fault %s s into %s s measured.%n%n",
        results.path("revision").asText(),
        results.path("date").asText(),
        results.path("machine").path("cores").asInt(),
        results.path("cluster_rate").asText(),
        results.path("single_rate").asText(),
        results.path("fault_at").asText(),
        results.path("seconds").asText());
    System.out.println(
        "| fault | down | back to normal after | clients saw (refused / broken / fail-overs /"
            + " given up) | created→searchable p50 / p99 | live client | verification |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (JsonNode run : results.path("runs")) {
      JsonNode r = run.path("result");
      if (r.isNull() || r.isMissingNode()) {
        System.out.printf(
            "| %s | | | | | | no result (see its log) |%n", run.path("fault").asText());
        continue;
      }
      JsonNode v = r.path("verification");
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %d / %d / %d / %d | %.1f s / %.1f s | %s | %s |%n",
          run.path("fault").asText(),
          r.has("down_s") ? String.format(Locale.ROOT, "%.0f s", r.path("down_s").asDouble()) : "–",
          !r.has("recovered_after_s")
              ? "–"
              : r.path("recovered_after_s").asDouble() < 0
                  ? "never"
                  : String.format(Locale.ROOT, "%.1f s", r.path("recovered_after_s").asDouble()),
          r.path("refused_requests").asLong(),
          r.path("broken_connections").asLong(),
          r.path("failovers").asLong(),
          r.path("given_up_events").asLong(),
          r.path("latency_p50_ms").asLong() / 1e3,
          r.path("latency_p99_ms").asLong() / 1e3,
          r.has("live_missing")
              ? r.path("live_reconnects").asLong()
                  + " reconnects, "
                  + r.path("live_missing").asLong()
                  + " missed"
              : "–",
          String.format(
                  Locale.ROOT,
                  "%s: %d messages, %d events, stuck %d/%d, %d counters, %d alerts, %d dead letters",
                  v.path("passed").asBoolean() ? "PASS" : "FAIL",
                  v.path("messages").asLong(),
                  v.path("events").asLong(),
                  v.path("stuck_found").asLong(),
                  v.path("stuck_expected").asLong(),
                  v.path("counters").asLong(),
                  v.path("alerts").asLong(),
                  v.path("dead_letters").asLong())
              + problems(r, v));
    }
  }

  /** Why a run failed, in words. */
  private static String problems(JsonNode r, JsonNode v) {
    StringBuilder why = new StringBuilder();
    note(why, v.path("missing_documents").asLong(), "documents missing");
    note(why, v.path("event_mismatches").asLong(), "documents with wrong events");
    note(why, v.path("status_mismatches").asLong(), "wrong statuses (false stuck or late)");
    note(why, v.path("counter_mismatches").asLong(), "wrong counters");
    note(why, v.path("alerts_repeated").asLong(), "alerts repeated");
    note(why, v.path("alert_mismatches").asLong(), "messages whose alerts do not match");
    note(why, r.path("probes_given_up").asLong(), "latency probes never found searchable");
    note(why, r.path("live_missing").asLong(), "final versions the live client missed");
    return why.isEmpty() ? "" : " — **" + why + "**";
  }

  private static void note(StringBuilder why, long count, String what) {
    if (count > 0) {
      why.append(why.isEmpty() ? "" : ", ").append(count).append(' ').append(what);
    }
  }
}
