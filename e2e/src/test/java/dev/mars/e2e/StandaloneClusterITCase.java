package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shaded job jar on a real standalone Flink cluster (a jobmanager and a taskmanager started by
 * {@code infra/bin/flink-cluster}), submitted with the flink CLI as an operator would.
 */
class StandaloneClusterITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private FlinkCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void runsTheShadedJobSubmittedWithTheFlinkCli() throws Exception {
    cluster = new FlinkCluster();
    cluster.addTaskManager(4);
    String jobId =
        cluster.run(
            List.of(),
            List.of(
                "--kafka.bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka.topic",
                "events-" + suffix,
                "--kafka.increments-topic",
                "increments-" + suffix,
                "--kafka.alerts-topic",
                "alerts-" + suffix,
                "--kafka.group-id",
                "mars-cluster-" + suffix,
                "--kafka.partitions",
                "2",
                // The fixture carries a fixed date (2026-11-23): a range that keeps it valid.
                "--event.created-at-range.days",
                "36500",
                "--elasticsearch.hosts",
                ELASTICSEARCH.url(),
                "--elasticsearch.index",
                "messages-" + suffix,
                "--elasticsearch.counters-index",
                "counters-" + suffix,
                "--parallelism",
                "2",
                "--window.ms",
                "200"));

    String messageId = UUID.randomUUID().toString();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  "events-" + suffix,
                  messageId,
                  """
                  {"app_id":"app-00","message_id":"%s","event":"MESSAGE_CREATED",
                   "created_at":"2026-11-23T10:00:00Z"}"""
                      .formatted(messageId)))
          .get();
    }
    JsonNode document =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> document("messages-" + suffix, messageId), doc -> doc != null);
    assertThat(document.get("event_count").asInt()).isEqualTo(1);
    assertThat(cluster.jobState(jobId)).isEqualTo("RUNNING");
  }

  private static JsonNode document(String index, String messageId) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        ELASTICSEARCH.url() + "/" + index + "/_search?q=message_id:" + messageId))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode hits = JSON.readTree(response.body()).path("hits").path("hits");
    return hits.isEmpty() ? null : hits.get(0).get("_source");
  }
}
