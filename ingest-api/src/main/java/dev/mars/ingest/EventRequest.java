package dev.mars.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An event as a client sends it; {@link EventValidator} decides whether it is one. */
public record EventRequest(
    @JsonProperty("app_id") String appId,
    @JsonProperty("message_id") String messageId,
    @JsonProperty("event") String event,
    @JsonProperty("created_at") String createdAt) {}
