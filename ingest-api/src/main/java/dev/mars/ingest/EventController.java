package dev.mars.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  private final EventReader reader;
  private final EventPublisher publisher;
  private final IngestProperties properties;
  private final IngestMetrics metrics;

  public EventController(
      EventReader reader,
      EventPublisher publisher,
      IngestProperties properties,
      IngestMetrics metrics) {
    this.reader = reader;
    this.publisher = publisher;
    this.properties = properties;
    this.metrics = metrics;
  }

  @PostMapping({"/event", "/create_event"})
  public CompletableFuture<ResponseEntity<Object>> single(@RequestBody JsonNode body) {
    List<Problem> problems = new ArrayList<>();
    Event event = reader.read(body, problems);
    if (event == null) {
      return rejected(1, problems);
    }
    return accept(List.of(event));
  }

  /** All or nothing: one bad event rejects the whole batch, so a corrected resend repeats none. */
  @PostMapping("/event/bulk")
  public CompletableFuture<ResponseEntity<Object>> bulk(@RequestBody JsonNode body) {
    JsonNode events = body.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      return rejected(1, List.of(Problem.of("events", "must be a non-empty array")));
    }
    if (events.size() > properties.maxBulkEvents()) {
      return rejected(
          events.size(),
          List.of(
              Problem.of(
                  "events",
                  "holds "
                      + events.size()
                      + " events; the most one request may hold is "
                      + properties.maxBulkEvents())));
    }
    List<Problem> problems = new ArrayList<>();
    List<Event> valid = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      List<Problem> eventProblems = new ArrayList<>();
      Event event = reader.read(events.get(i), eventProblems);
      if (event == null) {
        for (Problem problem : eventProblems) {
          problems.add(problem.at(i));
        }
      } else {
        valid.add(event);
      }
    }
    if (!problems.isEmpty()) {
      return rejected(events.size(), problems);
    }
    return accept(valid);
  }

  private CompletableFuture<ResponseEntity<Object>> rejected(int events, List<Problem> problems) {
    metrics.rejected("invalid", events);
    return CompletableFuture.completedFuture(Responses.badRequest(problems));
  }

  private CompletableFuture<ResponseEntity<Object>> accept(List<Event> events) {
    return publisher
        .publish(events)
        .handle(
            (accepted, error) -> {
              if (error != null) {
                metrics.rejected("kafka_unavailable", events.size());
                return Responses.unavailable(error);
              }
              metrics.accepted(accepted);
              return ResponseEntity.accepted().body(Map.of("accepted", accepted));
            });
  }
}
