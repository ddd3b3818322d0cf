package dev.mars.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A valid event, as it is written to Kafka: created_at normalised to UTC. */
public record Event(
    @JsonProperty("app_id") String appId,
    @JsonProperty("message_id") String messageId,
    @JsonProperty("event") String event,
    @JsonProperty("created_at") Instant createdAt) {}
