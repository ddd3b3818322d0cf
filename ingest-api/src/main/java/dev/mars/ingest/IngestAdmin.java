package dev.mars.ingest;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** The API's one Kafka admin client, for its health and status answers: each call bounded. */
@Component
public class IngestAdmin implements DisposableBean {

  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;

  public IngestAdmin(IngestProperties properties) {
    this.admin =
        Admin.create(
            properties
                .kafka()
                .config(
                    Map.of(
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "mars-ingest-api-admin",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        (int) TIMEOUT.toMillis(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        (int) TIMEOUT.toMillis())));
  }

  Admin admin() {
    return admin;
  }

  @Override
  public void destroy() {
    admin.close(TIMEOUT);
  }
}
