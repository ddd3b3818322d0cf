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

/** {@code POST /api/event} and {@code POST /api/event/bulk}: 202 once Kafka holds the events. */
@RestController
@RequestMapping(path = "/api", consumes = MediaType.APPLICATION_JSON_VALUE)
public class EventController {

  private final EventValidator validator;
  private final EventPublisher publisher;
  private final IngestProperties properties;

  public EventController(
      EventValidator validator, EventPublisher publisher, IngestProperties properties) {
    this.validator = validator;
    this.publisher = publisher;
    this.properties = properties;
  }

  @PostMapping("/event")
  public CompletableFuture<ResponseEntity<Object>> single(@RequestBody EventRequest request) {
    List<Problem> problems = validator.validate(request);
    if (!problems.isEmpty()) {
      return CompletableFuture.completedFuture(Responses.badRequest(problems));
    }
    return accept(List.of(validator.toEvent(request)));
  }

  /** All or nothing: one bad event rejects the whole batch, so a corrected resend repeats none. */
  @PostMapping("/event/bulk")
  public CompletableFuture<ResponseEntity<Object>> bulk(@RequestBody BulkRequest request) {
    List<EventRequest> requests = request.events();
    if (requests == null || requests.isEmpty()) {
      return CompletableFuture.completedFuture(
          Responses.badRequest(List.of(Problem.of("events", "must be a non-empty array"))));
    }
    if (requests.size() > properties.maxBulkEvents()) {
      return CompletableFuture.completedFuture(
          Responses.badRequest(
              List.of(
                  Problem.of(
                      "events",
                      "holds "
                          + requests.size()
                          + " events; the most one request may hold is "
                          + properties.maxBulkEvents()))));
    }
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      for (Problem problem : validator.validate(requests.get(i))) {
        problems.add(problem.at(i));
      }
    }
    if (!problems.isEmpty()) {
      return CompletableFuture.completedFuture(Responses.badRequest(problems));
    }
    return accept(requests.stream().map(validator::toEvent).toList());
  }

  private CompletableFuture<ResponseEntity<Object>> accept(List<Event> events) {
    return publisher
        .publish(events)
        .handle(
            (accepted, error) ->
                error == null
                    ? ResponseEntity.accepted().body(Map.of("accepted", accepted))
                    : Responses.unavailable(error));
  }
}
