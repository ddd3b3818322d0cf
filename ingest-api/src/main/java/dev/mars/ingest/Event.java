package dev.mars.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * A valid event, as it is written to Kafka (the JSON value of a {@code mars.events} record).
 *
 * @param eventId the client's, or derived from the event's content (see {@link EventIds})
 * @param createdAtSource {@code "server"} when the client sent no created_at; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    @JsonProperty("event_id") String eventId,
    @JsonProperty("app_id") String appId,
    @JsonProperty("message_id") String messageId,
    @JsonProperty("event") String event,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("created_at_source") String createdAtSource,
    @JsonProperty("external_id") String externalId,
    @JsonProperty("attributes") Map<String, String> attributes) {}
