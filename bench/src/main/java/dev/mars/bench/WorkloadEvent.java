package dev.mars.bench;

import java.util.Map;

/**
 * One event of the standard workload, as a client sends it.
 *
 * @param messageStartedAt the created_at of its message's first stage, which deadlines count from
 */
public record WorkloadEvent(
    String eventId,
    String appId,
    String messageId,
    String event,
    long createdAtMillis,
    Map<String, String> attributes,
    long messageStartedAt) {}
