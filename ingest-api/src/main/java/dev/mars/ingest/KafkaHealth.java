package dev.mars.ingest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} is DOWN when Kafka cannot be reached: events would get 503. */
@Component("kafka")
public class KafkaHealth implements HealthIndicator {

  private static final Duration TIMEOUT = IngestAdmin.TIMEOUT;

  private final Admin admin;
  private final IngestProperties properties;

  public KafkaHealth(IngestAdmin admin, IngestProperties properties) {
    this.properties = properties;
    this.admin = admin.admin();
  }

  @Override
  public Health health() {
    try {
      int brokers =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .nodes()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .size();
      return Health.up()
          .withDetail("brokers", brokers)
          .withDetail("topic", properties.topic())
          .build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    } catch (Exception e) {
      return Health.down()
          .withDetail("bootstrap-servers", properties.bootstrapServers())
          .withDetail("error", "Kafka did not answer within " + TIMEOUT.toSeconds() + "s")
          .build();
    }
  }
}
