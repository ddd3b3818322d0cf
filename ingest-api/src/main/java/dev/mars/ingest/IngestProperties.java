package dev.mars.ingest;

import dev.mars.kafka.KafkaConnection;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the ingest API, under {@code mars.ingest}. Each has an environment variable in
 * application.properties.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param topic the topic events go to
 * @param incrementsTopic the topic counter increments go to
 * @param partitions partitions of each topic when the API creates it
 * @param sendTimeout how long a request waits for Kafka's acknowledgement before it gets 503
 * @param maxBulkEvents the most events one bulk request may carry
 * @param maxBodySize the largest request body
 * @param maxInFlight requests being served at once; past it, 503 at once
 * @param rateLimitPerClient requests per second one client (API key, else address) may make; 0 is
 *     no limit
 * @param retryAfter what 503 and 429 answers tell clients to wait
 * @param linger how long the producer waits to fill a batch: more batching, more latency
 * @param maxRequestMemory the heap the events of requests being read may hold together (see {@link
 *     RequestMemory})
 * @param streamTimeout the longest a gRPC client stream of events may stay open
 * @param createdAtRange how far from the server's clock an event's {@code created_at} may be
 * @param keysFile the ingest keys file (see {@link dev.mars.ingest.access.IngestKeys}); none when
 *     blank
 * @param keys ingest key lines given directly, separated by {@code ;}; none when blank
 * @param kafkaClientConfig a Kafka client configuration file (TLS, SASL) for every Kafka client;
 *     plaintext when blank
 * @param replicationFactor copies of each partition of the topics the API creates
 * @param minInsyncReplicas copies that must hold a write before Kafka acknowledges it
 * @param jobGroup the Flink job's Kafka consumer group, whose lag {@code /api/q/stats} reports
 */
@ConfigurationProperties("mars.ingest")
public record IngestProperties(
    String bootstrapServers,
    String topic,
    String incrementsTopic,
    int partitions,
    Duration sendTimeout,
    int maxBulkEvents,
    DataSize maxBodySize,
    int maxInFlight,
    double rateLimitPerClient,
    Duration retryAfter,
    Duration linger,
    Duration createdAtRange,
    DataSize maxRequestMemory,
    Duration streamTimeout,
    String keysFile,
    String keys,
    String kafkaClientConfig,
    short replicationFactor,
    int minInsyncReplicas,
    String jobGroup) {

  /** How the API's Kafka clients reach Kafka. */
  public KafkaConnection kafka() {
    return KafkaConnection.of(bootstrapServers, kafkaClientConfig);
  }

  String retryAfterSeconds() {
    return String.valueOf(Math.max(1, retryAfter.toSeconds()));
  }
}
