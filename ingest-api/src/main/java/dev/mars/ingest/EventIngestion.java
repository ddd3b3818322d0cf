package dev.mars.ingest;

import dev.mars.ingest.access.AppGrant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Takes events in, whatever the protocol: reads and checks them, writes them to Kafka, and says how
 * it went. A batch is all or nothing: one bad event rejects it whole, so a corrected resend repeats
 * none.
 */
@Component
public class EventIngestion {

  private static final Logger LOG = LoggerFactory.getLogger(EventIngestion.class);

  /** An answer lists at most this many problems of a batch. */
  static final int MAX_PROBLEMS = 100;

  private final EventReader reader;
  private final EventPublisher publisher;
  private final IngestProperties properties;
  private final IngestMetrics metrics;

  public EventIngestion(
      EventReader reader,
      EventPublisher publisher,
      IngestProperties properties,
      IngestMetrics metrics) {
    this.reader = reader;
    this.publisher = publisher;
    this.properties = properties;
    this.metrics = metrics;
  }

  public CompletableFuture<IngestOutcome> single(JsonNode node, AppGrant grant) {
    List<Problem> problems = new ArrayList<>();
    Event event = reader.read(node, problems);
    if (event == null) {
      return invalid(1, problems);
    }
    if (!grant.allows(event.appId())) {
      return forbidden(1, List.of(Problem.of("app_id", grant.refusal(event.appId()))));
    }
    return publish(List.of(event));
  }

  /**
   * A batch is refused whole when its key does not grant an app one of its events names (403 /
   * PERMISSION_DENIED, each such event listed); checked after the batch is found valid.
   */
  public CompletableFuture<IngestOutcome> batch(List<JsonNode> nodes, AppGrant grant) {
    if (nodes.isEmpty()) {
      return invalid(0, List.of(Problem.of("events", "must be a non-empty array")));
    }
    if (nodes.size() > properties.maxBulkEvents()) {
      return invalid(nodes.size(), List.of(tooMany(nodes.size())));
    }
    List<Problem> problems = new ArrayList<>();
    List<Event> events = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      List<Problem> eventProblems = new ArrayList<>();
      Event event = reader.read(nodes.get(i), eventProblems);
      if (event == null) {
        for (Problem problem : eventProblems) {
          if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem.at(i));
          }
        }
      } else {
        events.add(event);
      }
    }
    if (problems.size() == MAX_PROBLEMS) {
      problems.add(
          Problem.of("events", "more problems are not listed; the first " + MAX_PROBLEMS + " are"));
    }
    if (!problems.isEmpty()) {
      return invalid(nodes.size(), problems);
    }
    List<Problem> refused = new ArrayList<>();
    for (int i = 0; i < events.size() && refused.size() < MAX_PROBLEMS; i++) {
      String appId = events.get(i).appId();
      if (!grant.allows(appId)) {
        refused.add(Problem.of("app_id", grant.refusal(appId)).at(i));
      }
    }
    return refused.isEmpty() ? publish(events) : forbidden(nodes.size(), refused);
  }

  /** A stream of events larger than {@code maxBytes}. */
  public Problem tooLarge(long maxBytes) {
    return Problem.of("events", "hold more than " + maxBytes + " bytes in one stream");
  }

  /** A batch found to hold more than {@code max} events before it was read to its end. */
  public Problem tooManyPast(int max) {
    return Problem.of(
        "events", "holds more than " + max + " events; the most one request may hold is " + max);
  }

  public Problem tooMany(int events) {
    return Problem.of(
        "events",
        "holds "
            + events
            + " events; the most one request may hold is "
            + properties.maxBulkEvents());
  }

  private CompletableFuture<IngestOutcome> invalid(int events, List<Problem> problems) {
    metrics.rejected("invalid", events);
    problems.forEach(problem -> metrics.invalidField(problem.field()));
    return CompletableFuture.completedFuture(new IngestOutcome.Invalid(problems));
  }

  private CompletableFuture<IngestOutcome> forbidden(int events, List<Problem> problems) {
    metrics.rejected("app_not_granted", events);
    return CompletableFuture.completedFuture(new IngestOutcome.Forbidden(problems));
  }

  private CompletableFuture<IngestOutcome> publish(List<Event> events) {
    return publisher
        .publish(events)
        .handle(
            (accepted, error) -> {
              if (error == null) {
                metrics.accepted(accepted);
                return new IngestOutcome.Accepted(accepted);
              }
              metrics.rejected("kafka_unavailable", events.size());
              String reason = reason(error);
              LOG.warn("Refused {} event(s): {}", events.size(), reason);
              return new IngestOutcome.Unavailable(reason);
            });
  }

  private static String reason(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof TimeoutException
        ? "Kafka did not acknowledge the events in time"
        : "Kafka refused the events: " + cause.getMessage();
  }
}
