package dev.mars.stats;

import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestHighLevelClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stats} (and {@code /api/q/stats}, Mars's route): the latest pipeline figures.
 * {@code GET /status} (Mars's route): 200 while Elasticsearch answers, else 503.
 */
@RestController
@SuppressWarnings("deprecation") // the 7.x high-level client is the one that speaks to 7.17
public class StatsController {

  private final PipelineStats stats;
  private final RestHighLevelClient elasticsearch;

  public StatsController(PipelineStats stats, RestHighLevelClient elasticsearch) {
    this.stats = stats;
    this.elasticsearch = elasticsearch;
  }

  @GetMapping({"/api/stats", "/api/q/stats"})
  public Map<String, Object> stats() {
    return stats.latest();
  }

  @GetMapping("/status")
  public ResponseEntity<Map<String, Object>> status() {
    try {
      elasticsearch.getLowLevelClient().performRequest(new Request("GET", "/_cluster/health"));
      return ResponseEntity.ok(Map.of("status", "up", "elasticsearch", "up"));
    } catch (Exception e) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header("Retry-After", "1")
          .body(Map.of("status", "degraded", "elasticsearch", "unavailable: " + e.getMessage()));
    }
  }
}
