package dev.mars.ingest.grpc;

import dev.mars.ingest.EventReader;
import dev.mars.ingest.IngestMetrics;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mars's own gRPC service ignored {@code created_at} and used the server's time, so its clients
 * send anything there (its documented {@code ghz} recipe sends {@code "Hello"}). On that service a
 * created_at that is not a time within range is dropped: the event gets the server's time, marked
 * {@code created_at_source: server}, and is counted ({@code mars_ingest_created_at_replaced_total})
 * instead of refused. A valid created_at is kept.
 */
@Component
class IgnoredCreatedAt {

  private final EventReader reader;
  private final IngestMetrics metrics;

  IgnoredCreatedAt(EventReader reader, IngestMetrics metrics) {
    this.reader = reader;
    this.metrics = metrics;
  }

  ObjectNode apply(ObjectNode event) {
    JsonNode createdAt = event.get("created_at");
    if (createdAt != null && !reader.takesCreatedAt(createdAt.asString())) {
      event.remove("created_at");
      metrics.createdAtReplaced();
    }
    return event;
  }
}
