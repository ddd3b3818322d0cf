package dev.mars.ingest;

import dev.mars.ingest.access.ApiKeyFilter;
import dev.mars.ingest.access.AppGrant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /increment} with {@code {"key":"k","value":2,"request_id":"…"}}: 202 once Kafka holds
 * the increment. The job keeps the exact total per key. With ingest keys on, a counter's key starts
 * with an app id the caller's key grants ({@code checkout.orders}).
 */
@RestController
public class IncrementController {

  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_REQUEST_ID_LENGTH = 128;

  private final EventPublisher publisher;
  private final IngestProperties properties;
  private final IngestMetrics metrics;
  private final AsyncAnswer answer;

  public IncrementController(
      EventPublisher publisher,
      IngestProperties properties,
      IngestMetrics metrics,
      AsyncAnswer answer) {
    this.answer = answer;
    this.publisher = publisher;
    this.properties = properties;
    this.metrics = metrics;
  }

  /**
   * Answered from the publish's completion (see {@link AsyncAnswer}), not as an MVC async result.
   */
  @PostMapping(path = "/increment", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void increment(
      @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
    answer.send(reply(body, request), request, response);
  }

  private CompletableFuture<AsyncAnswer.Reply> reply(JsonNode body, HttpServletRequest request) {
    List<Problem> problems = new ArrayList<>();
    Increment increment = read(body, problems);
    if (increment == null) {
      metrics.rejected("invalid_increment", 1);
      return CompletableFuture.completedFuture(
          new AsyncAnswer.Reply(400, null, Map.of("errors", problems)));
    }
    AppGrant grant = ApiKeyFilter.grantOf(request);
    if (!grant.allowsCounter(increment.key())) {
      metrics.rejected("app_not_granted", 1);
      return CompletableFuture.completedFuture(
          new AsyncAnswer.Reply(
              403,
              null,
              Map.of(
                  "errors",
                  List.of(
                      Problem.of(
                          "key",
                          "a counter's key starts with an app id granted to key "
                              + grant.holder()
                              + " and '.' or ':' (e.g. "
                              + grant.apps().stream().sorted().findFirst().orElse("app")
                              + ".orders)")))));
    }
    return publisher
        .publish(increment)
        .handle(
            (accepted, error) -> {
              if (error != null) {
                metrics.rejected("kafka_unavailable", 1);
                return new AsyncAnswer.Reply(
                    503,
                    properties.retryAfterSeconds(),
                    Map.of("error", "Kafka did not acknowledge the increment in time"));
              }
              return new AsyncAnswer.Reply(
                  202, null, Map.of("accepted", 1, "request_id", increment.requestId()));
            });
  }

  private static Increment read(JsonNode body, List<Problem> problems) {
    if (body == null || !body.isObject()) {
      problems.add(Problem.of("body", "must be a JSON object"));
      return null;
    }
    JsonNode key = body.get("key");
    if (key == null || !key.isString() || key.asString().isBlank()) {
      problems.add(Problem.of("key", "is required and must be a non-empty string"));
    } else if (key.asString().length() > MAX_KEY_LENGTH) {
      problems.add(Problem.of("key", "is longer than " + MAX_KEY_LENGTH + " characters"));
    }
    JsonNode value = body.get("value");
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      problems.add(Problem.of("value", "is required and must be a signed 64-bit integer"));
    }
    JsonNode requestId = body.get("request_id");
    if (requestId != null
        && (!requestId.isString()
            || requestId.asString().isBlank()
            || requestId.asString().length() > MAX_REQUEST_ID_LENGTH)) {
      problems.add(
          Problem.of(
              "request_id", "must be a non-empty string of at most " + MAX_REQUEST_ID_LENGTH));
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new Increment(
        key.asString(),
        value.asLong(),
        requestId != null ? requestId.asString() : UUID.randomUUID().toString());
  }
}
