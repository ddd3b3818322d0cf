package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A benchmark's results file: an object holding what the script that ran it wrote (revision,
 * machine, settings) and a {@code runs} array that each run appends to.
 */
final class ResultsFile {

  private ResultsFile() {}

  static void appendRun(Path file, JsonNode run) throws IOException {
    ObjectNode results =
        Files.exists(file) && Files.size(file) > 0
            ? (ObjectNode) Elasticsearch.JSON.readTree(file.toFile())
            : Elasticsearch.JSON.createObjectNode();
    ArrayNode runs = results.withArray("runs");
    runs.add(run);
    Elasticsearch.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), results);
  }
}
