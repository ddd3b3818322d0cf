package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.Locale;

/**
 * Prints ingest benchmark results files (bench/bin/run-ingest) as the Markdown table bench/README
 * shows: per scenario, throughput, latency and the CPU each durable call cost ingest-api and the
 * broker.
 */
public final class IngestTable {

  private IngestTable() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "| revision | scenario | requests/s | events/s | p50 / p99 | CPU-µs per request: ingest-api"
            + " / Kafka | CPU-µs per event: ingest-api / Kafka |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String file : args) {
      JsonNode results = Elasticsearch.JSON.readTree(new File(file));
      for (JsonNode run : results.path("runs")) {
        System.out.println(row(results.path("revision").asText(), run));
      }
    }
  }

  static String row(String revision, JsonNode run) {
    return String.format(
        Locale.ROOT,
        "| %s | %s (%d clients%s) | %,d | %,d | %.2f / %.2f ms | %d / %d | %d / %d |",
        revision,
        run.path("scenario").asText(),
        run.path("concurrency").asInt(),
        run.path("bulk").asInt() > 1 ? ", bulks of " + run.path("bulk").asInt() : "",
        run.path("requests_per_s").asLong(),
        run.path("events_per_s").asLong(),
        run.path("p50_ms").asDouble(),
        run.path("p99_ms").asDouble(),
        run.path("cpu_us_per_request").path("ingest-api").asLong(),
        run.path("cpu_us_per_request").path("kafka").asLong(),
        run.path("cpu_us_per_event").path("ingest-api").asLong(),
        run.path("cpu_us_per_event").path("kafka").asLong());
  }
}
