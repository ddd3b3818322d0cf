package dev.mars.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/event} (also {@code /api/create_event}, Mars's name) and {@code POST
 * /api/event/bulk}: 202 once Kafka holds the events.
 */
@RestController
@RequestMapping(path = "/api", consumes = MediaType.APPLICATION_JSON_VALUE)
public class EventController {

  private final EventIngestion ingestion;
  private final IngestProperties properties;

  public EventController(EventIngestion ingestion, IngestProperties properties) {
    this.ingestion = ingestion;
    this.properties = properties;
  }

  @PostMapping({"/event", "/create_event"})
  public CompletableFuture<ResponseEntity<Object>> single(@RequestBody JsonNode body) {
    return ingestion.single(body).thenApply(this::answer);
  }

  @PostMapping("/event/bulk")
  public CompletableFuture<ResponseEntity<Object>> bulk(@RequestBody JsonNode body) {
    JsonNode events = body.get("events");
    if (events == null || !events.isArray()) {
      return CompletableFuture.completedFuture(
          Responses.badRequest(List.of(Problem.of("events", "must be a non-empty array"))));
    }
    List<JsonNode> nodes = new ArrayList<>(events.size());
    events.forEach(nodes::add);
    return ingestion.batch(nodes).thenApply(this::answer);
  }

  private ResponseEntity<Object> answer(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Accepted accepted) {
      return ResponseEntity.accepted().body(Map.of("accepted", accepted.events()));
    }
    if (outcome instanceof IngestOutcome.Invalid invalid) {
      return Responses.badRequest(invalid.problems());
    }
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, properties.retryAfterSeconds())
        .body(Map.of("error", ((IngestOutcome.Unavailable) outcome).reason()));
  }
}
