package dev.mars.ingest;

import dev.mars.event.EventLimits;
import dev.mars.ingest.access.AppGrant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Takes counter increments in: checks them, writes them to Kafka ({@code mars.increments}, keyed by
 * the counter's key) and says how it went. A batch is all or nothing, as events' are.
 */
@Component
public class IncrementIngestion {

  /** Increments found valid and granted, or why the request is refused. */
  public record Checked(List<Increment> increments, IngestOutcome refusal) {}

  private final EventPublisher publisher;
  private final IngestProperties properties;
  private final IngestMetrics metrics;

  public IncrementIngestion(
      EventPublisher publisher, IngestProperties properties, IngestMetrics metrics) {
    this.publisher = publisher;
    this.properties = properties;
    this.metrics = metrics;
  }

  /**
   * Checks every increment, then that the caller's key grants each counter.
   *
   * @param batch whether problems name each increment's index
   */
  public Checked check(List<JsonNode> nodes, boolean batch, AppGrant grant) {
    if (nodes.isEmpty()) {
      return invalid(0, List.of(Problem.of("increments", "must be a non-empty array")));
    }
    if (nodes.size() > properties.maxBulkEvents()) {
      return invalid(nodes.size(), List.of(tooMany(nodes.size())));
    }
    List<Problem> problems = new ArrayList<>();
    List<Increment> increments = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size() && problems.size() < EventIngestion.MAX_PROBLEMS; i++) {
      List<Problem> own = new ArrayList<>();
      Increment increment = read(nodes.get(i), own);
      if (increment == null) {
        for (Problem problem : own) {
          problems.add(batch ? problem.at(i) : problem);
        }
      } else {
        increments.add(increment);
      }
    }
    if (!problems.isEmpty()) {
      return invalid(nodes.size(), problems);
    }
    List<Problem> refused = new ArrayList<>();
    for (int i = 0; i < increments.size() && refused.size() < EventIngestion.MAX_PROBLEMS; i++) {
      if (!grant.allowsCounter(increments.get(i).key())) {
        Problem problem = Problem.of("key", refusal(grant));
        refused.add(batch ? problem.at(i) : problem);
      }
    }
    if (!refused.isEmpty()) {
      metrics.rejected("app_not_granted", nodes.size());
      return new Checked(List.of(), new IngestOutcome.Forbidden(refused));
    }
    return new Checked(increments, null);
  }

  /** Completes once Kafka acknowledged every increment, or with why it did not. */
  public CompletableFuture<IngestOutcome> publish(List<Increment> increments) {
    return publisher
        .publishIncrements(increments)
        .handle(
            (accepted, error) -> {
              if (error != null) {
                metrics.rejected("kafka_unavailable", increments.size());
                return new IngestOutcome.Unavailable(
                    "Kafka did not acknowledge the increments in time");
              }
              return new IngestOutcome.Accepted(accepted);
            });
  }

  /** A batch found to hold more than {@code max} increments before it was read to its end. */
  public Problem tooManyPast(int max) {
    return Problem.of(
        "increments",
        "holds more than " + max + " increments; the most one request may hold is " + max);
  }

  private Problem tooMany(int count) {
    return Problem.of(
        "increments",
        "holds "
            + count
            + " increments; the most one request may hold is "
            + properties.maxBulkEvents());
  }

  private Checked invalid(int count, List<Problem> problems) {
    metrics.rejected("invalid_increment", count);
    return new Checked(List.of(), new IngestOutcome.Invalid(problems));
  }

  private static String refusal(AppGrant grant) {
    return "a counter's key starts with an app id granted to key "
        + grant.holder()
        + " and '.' or ':' (e.g. "
        + grant.apps().stream().sorted().findFirst().orElse("app")
        + ".orders)";
  }

  private static Increment read(JsonNode body, List<Problem> problems) {
    if (body == null || !body.isObject()) {
      problems.add(Problem.of("body", "must be a JSON object"));
      return null;
    }
    JsonNode key = body.get("key");
    if (key == null || !key.isString() || key.asString().isBlank()) {
      problems.add(Problem.of("key", "is required and must be a non-empty string"));
    } else {
      String problem = EventLimits.textProblem(key.asString(), EventLimits.MAX_COUNTER_KEY_LENGTH);
      if (problem != null) {
        problems.add(Problem.of("key", problem));
      }
    }
    JsonNode value = body.get("value");
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      problems.add(Problem.of("value", "is required and must be a signed 64-bit integer"));
    }
    JsonNode requestId = body.get("request_id");
    if (requestId != null) {
      String problem =
          !requestId.isString() || requestId.asString().isBlank()
              ? "must be a non-empty string"
              : EventLimits.textProblem(requestId.asString(), EventLimits.MAX_REQUEST_ID_LENGTH);
      if (problem != null) {
        problems.add(Problem.of("request_id", problem));
      }
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
