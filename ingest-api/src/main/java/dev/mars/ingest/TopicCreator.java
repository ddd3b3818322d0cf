package dev.mars.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the events and increments topics at start-up when they do not exist yet, and has the
 * producer learn their partitions before the first request.
 */
@Component
public class TopicCreator implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

  private final IngestProperties properties;
  private final EventPublisher publisher;

  public TopicCreator(IngestProperties properties, EventPublisher publisher) {
    this.properties = properties;
    this.publisher = publisher;
  }

  @Override
  public void run(ApplicationArguments args) throws InterruptedException {
    try (Admin admin = Admin.create(properties.kafka().config(Map.of()))) {
      for (String topic : List.of(properties.topic(), properties.incrementsTopic())) {
        create(admin, topic);
      }
    }
    if (!publisher.fetchMetadata(Duration.ofSeconds(30))) {
      LOG.warn("No topic metadata from Kafka yet: events get 503 until it answers");
    }
  }

  private void create(Admin admin, String topic) throws InterruptedException {
    try {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, properties.partitions(), properties.replicationFactor())
                      .configs(
                          Map.of(
                              "min.insync.replicas",
                              String.valueOf(properties.minInsyncReplicas())))))
          .all()
          .get(30, TimeUnit.SECONDS);
      LOG.info("Created topic {} with {} partitions", topic, properties.partitions());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        LOG.warn("Could not create topic {}: {}", topic, e.getCause().getMessage());
      }
    } catch (TimeoutException e) {
      LOG.warn("Could not create topic {}: Kafka did not answer", topic);
    }
  }
}
