package dev.mars.ingest;

import java.util.List;

/** {@code {"events": [...]}}. */
public record BulkRequest(List<EventRequest> events) {}
