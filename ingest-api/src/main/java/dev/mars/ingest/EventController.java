package dev.mars.ingest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
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
  private final AsyncAnswer answer;

  public EventController(
      EventIngestion ingestion, IngestProperties properties, AsyncAnswer answer) {
    this.ingestion = ingestion;
    this.properties = properties;
    this.answer = answer;
  }

  @PostMapping({"/event", "/create_event"})
  public void single(
      @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
    answer.send(ingestion.single(body).thenApply(this::reply), request, response);
  }

  @PostMapping("/event/bulk")
  public void bulk(
      @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
    JsonNode events = body.get("events");
    if (events == null || !events.isArray()) {
      answer.send(
          CompletableFuture.completedFuture(
              reply(
                  new IngestOutcome.Invalid(
                      List.of(Problem.of("events", "must be a non-empty array"))))),
          request,
          response);
      return;
    }
    List<JsonNode> nodes = new ArrayList<>(events.size());
    events.forEach(nodes::add);
    answer.send(ingestion.batch(nodes).thenApply(this::reply), request, response);
  }

  private AsyncAnswer.Reply reply(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Accepted accepted) {
      return new AsyncAnswer.Reply(202, null, Map.of("accepted", accepted.events()));
    }
    if (outcome instanceof IngestOutcome.Invalid invalid) {
      return new AsyncAnswer.Reply(400, null, Map.of("errors", invalid.problems()));
    }
    return new AsyncAnswer.Reply(
        503,
        properties.retryAfterSeconds(),
        Map.of("error", ((IngestOutcome.Unavailable) outcome).reason()));
  }
}
