package dev.mars.ingest;

import dev.mars.ingest.access.ApiKeyFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /increment} with {@code {"key":"k","value":2,"request_id":"…"}} and {@code POST
 * /increment/bulk} with {@code {"increments":[…]}}: 202 once Kafka holds them. The job keeps the
 * exact total per key. With ingest keys on, a counter's key starts with an app id the caller's key
 * grants ({@code checkout.orders}).
 */
@RestController
public class IncrementController {

  private final IncrementIngestion increments;
  private final IngestProperties properties;
  private final AsyncAnswer answer;
  private final RequestBodyReader bodies;
  private final RequestMemory memory;

  public IncrementController(
      IncrementIngestion increments,
      IngestProperties properties,
      AsyncAnswer answer,
      RequestBodyReader bodies,
      RequestMemory memory) {
    this.increments = increments;
    this.properties = properties;
    this.answer = answer;
    this.bodies = bodies;
    this.memory = memory;
  }

  @PostMapping(path = "/increment", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void increment(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try (RequestMemory.Reservation reserved = memory.reserve()) {
      JsonNode body = bodies.readIncrement(request.getInputStream(), reserved);
      answer.send(reply(List.of(body), false, request), request, response);
    }
  }

  /** Many increments in one request: what a client sending them as they happen should use. */
  @PostMapping(path = "/increment/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void bulk(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try (RequestMemory.Reservation reserved = memory.reserve()) {
      int max = properties.maxBulkEvents();
      List<JsonNode> body =
          bodies.readIncrements(
              request.getInputStream(), max, increments.tooManyPast(max), reserved);
      answer.send(reply(body, true, request), request, response);
    }
  }

  private CompletableFuture<AsyncAnswer.Reply> reply(
      List<JsonNode> nodes, boolean batch, HttpServletRequest request) {
    IncrementIngestion.Checked checked =
        increments.check(nodes, batch, ApiKeyFilter.grantOf(request));
    if (checked.refusal() != null) {
      return CompletableFuture.completedFuture(reply(checked.refusal(), null));
    }
    // A single increment's answer names its request id, the server's when the client sent none.
    String requestId = batch ? null : checked.increments().get(0).requestId();
    return increments.publish(checked.increments()).thenApply(outcome -> reply(outcome, requestId));
  }

  private AsyncAnswer.Reply reply(IngestOutcome outcome, String requestId) {
    if (outcome instanceof IngestOutcome.Accepted accepted) {
      return new AsyncAnswer.Reply(
          202,
          null,
          requestId == null
              ? Map.of("accepted", accepted.events())
              : Map.of("accepted", accepted.events(), "request_id", requestId));
    }
    if (outcome instanceof IngestOutcome.Invalid invalid) {
      return new AsyncAnswer.Reply(400, null, Map.of("errors", invalid.problems()));
    }
    if (outcome instanceof IngestOutcome.Forbidden forbidden) {
      return new AsyncAnswer.Reply(403, null, Map.of("errors", forbidden.problems()));
    }
    return new AsyncAnswer.Reply(
        503,
        properties.retryAfterSeconds(),
        Map.of("error", ((IngestOutcome.Unavailable) outcome).reason()));
  }
}
