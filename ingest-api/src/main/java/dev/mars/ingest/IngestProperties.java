package dev.mars.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the ingest API, under {@code mars.ingest}. Each has an environment variable in
 * application.properties.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic the topic events go to
 * @param partitions partitions of the topic when the API creates it
 * @param sendTimeout how long a request waits for Kafka's acknowledgement before it gets 503
 * @param maxBulkEvents the most events one bulk request may carry
 */
@ConfigurationProperties("mars.ingest")
public record IngestProperties(
    String bootstrapServers,
    String topic,
    int partitions,
    Duration sendTimeout,
    int maxBulkEvents) {}
