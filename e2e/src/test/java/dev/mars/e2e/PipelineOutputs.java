package dev.mars.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.testing.TopicContents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the job wrote, read independently of Mars: documents counted with {@code _count} (no page
 * boundary can hide a duplicate), a counter's total, and each message's status changes in the
 * alerts topic, read committed.
 */
final class PipelineOutputs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String elasticsearch;
  private final String kafka;
  private final String index;
  private final String counters;
  private final String alerts;

  PipelineOutputs(
      String elasticsearch, String kafka, String index, String counters, String alerts) {
    this.elasticsearch = elasticsearch;
    this.kafka = kafka;
    this.index = index;
    this.counters = counters;
    this.alerts = alerts;
  }

  /** Documents matching {@code query} (Elasticsearch's query DSL), or -1 when it cannot say. */
  long count(String query) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(elasticsearch + "/" + index + "/_count"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":" + query + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("count").asLong() : -1;
  }

  /** A counter's total, or -1 before it exists. */
  long counter(String key) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(elasticsearch + "/" + counters + "/_doc/" + key))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("_source").path("value").asLong()
        : -1;
  }

  /** Per message, its status changes in order ({@code in_progress>complete}). */
  Map<String, List<String>> statusChanges() {
    return TopicContents.records(kafka, alerts).stream()
        .map(record -> read(record.value()))
        .collect(
            Collectors.groupingBy(
                alert -> alert.get("message_id").asText(),
                TreeMap::new,
                Collectors.mapping(
                    alert -> alert.get("from").asText() + ">" + alert.get("to").asText(),
                    Collectors.toList())));
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("an alert that is not JSON: " + json, e);
    }
  }
}
