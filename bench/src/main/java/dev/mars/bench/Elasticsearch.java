package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few Elasticsearch calls the benchmark makes, as JSON over HTTP. */
final class Elasticsearch {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;

  Elasticsearch(String url) {
    this.url = url;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), "GET " + path);
  }

  JsonNode post(String path, String body, String contentType)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        "POST " + path);
  }

  /** Documents indexed into the index (or alias) so far: every write, not every document. */
  long indexedTotal(String index) throws IOException, InterruptedException {
    return get("/" + index + "/_stats/indexing")
        .at("/_all/primaries/indexing/index_total")
        .asLong();
  }

  /** Search requests Elasticsearch has run on every index (shard-level queries): the reads. */
  long searchesTotal() throws IOException, InterruptedException {
    return get("/_stats/search").at("/_all/total/search/query_total").asLong();
  }

  private JsonNode send(HttpRequest.Builder request, String what)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
