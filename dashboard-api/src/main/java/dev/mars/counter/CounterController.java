package dev.mars.counter;

import dev.mars.access.Viewer;
import dev.mars.search.SearchProperties;
import java.io.IOException;
import java.util.Map;
import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.action.get.GetRequest;
import org.elasticsearch.action.get.GetResponse;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.rest.RestStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/counters/{key}}: a counter's exact total, {@code {"key","value"}}. */
@RestController
@SuppressWarnings("deprecation") // the 7.x high-level client is the one that speaks to 7.17
public class CounterController {

  private final RestHighLevelClient client;
  private final SearchProperties properties;

  public CounterController(RestHighLevelClient client, SearchProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @GetMapping("/api/counters/{key}")
  public ResponseEntity<Object> counter(@PathVariable String key, Viewer viewer)
      throws IOException {
    if (!viewer.allowsCounter(key)) {
      return notFound(key); // another app's counter is as good as none
    }
    GetResponse response;
    try {
      response =
          client.get(new GetRequest(properties.countersIndex(), key), RequestOptions.DEFAULT);
    } catch (ElasticsearchStatusException e) {
      if (e.status() != RestStatus.NOT_FOUND) {
        throw e;
      }
      return notFound(key);
    }
    if (!response.isExists()) {
      return notFound(key);
    }
    Map<String, Object> source = response.getSourceAsMap();
    return ResponseEntity.ok(
        Map.of("key", key, "value", ((Number) source.get("value")).longValue()));
  }

  private static ResponseEntity<Object> notFound(String key) {
    return ResponseEntity.status(404).body(Map.of("error", "no counter " + key));
  }
}
