package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.kafka.RefusalNotice;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ingest on a three-broker cluster, its topics replicated three times with min.insync.replicas 2:
 * with one broker killed ({@code kill -9}) events are still acknowledged; with two, none is (503),
 * and once they are back every acknowledged event is in the topic exactly once.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.grpc.server.port=0",
      "mars.ingest.replication-factor=3",
      "mars.ingest.min-insync-replicas=2",
      "mars.ingest.partitions=2",
      "mars.ingest.send-timeout=3s"
    })
class KafkaClusterTest {

  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.cluster(3);

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
  }

  @LocalServerPort int port;

  @Test
  void acknowledgesWithABrokerDownAndRefusesWithTwo() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      TopicDescription topic =
          admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
      assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
      assertThat(
              admin
                  .describeConfigs(List.of(resource))
                  .all()
                  .get()
                  .get(resource)
                  .get("min.insync.replicas")
                  .value())
          .isEqualTo("2");
    }
    Http http = new Http(port);
    List<String> acknowledged = new ArrayList<>();

    KAFKA.killBroker(2);
    // A partition led by the dead broker needs a new leader first: the next tries succeed.
    await().atMost(PATIENCE).until(() -> post(http, acknowledged) == 202);
    for (int i = 0; i < 10; i++) {
      assertThat(post(http, acknowledged)).isEqualTo(202);
    }

    KAFKA.killBroker(1);
    assertThat(post(http, acknowledged)).isEqualTo(503); // one copy is not enough

    KAFKA.startBroker(1);
    KAFKA.startBroker(2);
    await().atMost(PATIENCE).until(() -> post(http, acknowledged) == 202);

    List<String> written =
        TopicContents.records(KAFKA.bootstrapServers(), TOPIC).stream()
            .filter(record -> record.headers().lastHeader(RefusalNotice.HEADER) == null)
            .map(record -> record.key())
            .toList();
    assertThat(written).containsAll(acknowledged);
    assertThat(written).doesNotHaveDuplicates();
  }

  /** Posts one event of a new message; keeps its id when Kafka acknowledged it. */
  private static int post(Http http, List<String> acknowledged) throws Exception {
    String messageId = UUID.randomUUID().toString();
    HttpResponse<String> response =
        http.postJson(
            "/api/event",
            Http.event("app-00", messageId, "MESSAGE_CREATED", Instant.now().toString()));
    if (response.statusCode() == 202) {
      acknowledged.add(messageId);
    }
    return response.statusCode();
  }
}
