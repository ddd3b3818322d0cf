package dev.mars.ingest;

import java.util.List;

/** How a request's events fared: each protocol answers it in its own terms. */
public sealed interface IngestOutcome {

  /** Kafka acknowledged every event. */
  record Accepted(int events) implements IngestOutcome {}

  /** Something in the request is wrong; nothing of it was written. */
  record Invalid(List<Problem> problems) implements IngestOutcome {}

  /** The caller's key does not grant an app the request writes; nothing of it was written. */
  record Forbidden(List<Problem> problems) implements IngestOutcome {}

  /** Kafka did not acknowledge in time; the client should retry. */
  record Unavailable(String reason) implements IngestOutcome {}
}
