package dev.mars.bench;

import java.util.Map;

/** One event of the standard workload, as a client sends it. */
public record WorkloadEvent(
    String eventId,
    String appId,
    String messageId,
    String event,
    long createdAtMillis,
    Map<String, String> attributes) {}
