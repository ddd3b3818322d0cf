package dev.mars.ingest;

import dev.mars.ingest.access.ApiKeyFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/event} (also {@code /api/create_event}, Mars's name) and {@code POST
 * /api/event/bulk}: 202 once Kafka holds the events. Bodies carry Mars's {@code "success"} beside
 * ours ({@code accepted}, {@code errors}, {@code error}).
 */
@RestController
@RequestMapping(path = "/api", consumes = MediaType.APPLICATION_JSON_VALUE)
public class EventController {

  private final EventIngestion ingestion;
  private final IngestProperties properties;
  private final AsyncAnswer answer;
  private final RequestBodyReader bodies;
  private final RequestMemory memory;

  public EventController(
      EventIngestion ingestion,
      IngestProperties properties,
      AsyncAnswer answer,
      RequestBodyReader bodies,
      RequestMemory memory) {
    this.memory = memory;
    this.ingestion = ingestion;
    this.properties = properties;
    this.answer = answer;
    this.bodies = bodies;
  }

  @PostMapping({"/event", "/create_event"})
  public void single(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try (RequestMemory.Reservation reserved = memory.reserve()) {
      JsonNode event = bodies.readSingle(request.getInputStream(), reserved);
      answer.send(
          ingestion.single(event, ApiKeyFilter.grantOf(request)).thenApply(this::reply),
          request,
          response);
    }
  }

  @PostMapping("/event/bulk")
  public void bulk(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // Held until the events are handed to the producer, whose own buffer is bounded.
    try (RequestMemory.Reservation reserved = memory.reserve()) {
      List<JsonNode> events =
          bodies.readBulk(
              request.getInputStream(), properties.maxBulkEvents(), ingestion, reserved);
      answer.send(
          ingestion.batch(events, ApiKeyFilter.grantOf(request)).thenApply(this::reply),
          request,
          response);
    }
  }

  private AsyncAnswer.Reply reply(IngestOutcome outcome) {
    if (outcome instanceof IngestOutcome.Accepted accepted) {
      return new AsyncAnswer.Reply(
          202, null, Map.of("success", true, "accepted", accepted.events()));
    }
    if (outcome instanceof IngestOutcome.Invalid invalid) {
      return new AsyncAnswer.Reply(
          400, null, Map.of("success", false, "errors", invalid.problems()));
    }
    if (outcome instanceof IngestOutcome.Forbidden forbidden) {
      return new AsyncAnswer.Reply(
          403, null, Map.of("success", false, "errors", forbidden.problems()));
    }
    return new AsyncAnswer.Reply(
        503,
        properties.retryAfterSeconds(),
        Map.of("success", false, "error", ((IngestOutcome.Unavailable) outcome).reason()));
  }
}
