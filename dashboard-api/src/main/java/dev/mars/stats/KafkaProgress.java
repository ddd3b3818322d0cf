package dev.mars.stats;

import dev.mars.alert.KafkaProperties;
import dev.mars.kafka.ConsumerBacklog;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.stereotype.Component;

/** How far the events topic has grown, and how far behind it the job's committed offsets are. */
@Component
public class KafkaProgress implements AutoCloseable {

  private final KafkaProperties properties;
  private final Admin admin;

  public KafkaProgress(KafkaProperties properties) {
    this.properties = properties;
    Properties config = properties.kafka().properties();
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "mars-dashboard-stats");
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 10_000);
    int timeout = (int) properties.timeout().toMillis();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    this.admin = Admin.create(config);
  }

  public ConsumerBacklog.Progress read()
      throws ExecutionException, InterruptedException, TimeoutException {
    return ConsumerBacklog.read(
        admin, properties.eventsTopic(), properties.jobGroup(), properties.timeout());
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(1));
  }
}
