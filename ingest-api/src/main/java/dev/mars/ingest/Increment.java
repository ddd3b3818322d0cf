package dev.mars.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A valid counter increment, as written to {@code mars.increments}.
 *
 * @param requestId the client's, or a fresh one: a client retrying with the same id counts once
 */
public record Increment(
    @JsonProperty("key") String key,
    @JsonProperty("value") long value,
    @JsonProperty("request_id") String requestId) {}
