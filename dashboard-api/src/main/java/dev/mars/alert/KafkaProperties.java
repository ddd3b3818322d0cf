package dev.mars.alert;

import dev.mars.kafka.KafkaConnection;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Kafka, as the dashboard reads it, under {@code mars.kafka}.
 *
 * @param bootstrapServers the brokers
 * @param eventsTopic the events the job reads (for accepted events/s and the job's lag)
 * @param alertsTopic the status changes the job writes
 * @param jobGroup the consumer group the job commits its offsets under (at each checkpoint)
 * @param timeout the most one Kafka call may take
 * @param recentAlerts how many alerts {@code GET /api/alerts} keeps
 * @param clientConfig a Kafka client configuration file (TLS, SASL); plaintext when blank
 */
@ConfigurationProperties("mars.kafka")
public record KafkaProperties(
    String bootstrapServers,
    String eventsTopic,
    String alertsTopic,
    String jobGroup,
    Duration timeout,
    int recentAlerts,
    String clientConfig) {

  /** How the dashboard's Kafka clients reach Kafka. */
  public KafkaConnection kafka() {
    return KafkaConnection.of(bootstrapServers, clientConfig);
  }
}
