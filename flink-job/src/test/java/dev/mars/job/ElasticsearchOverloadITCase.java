package dev.mars.job;

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
import java.time.Instant;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Elasticsearch that refuses most writes with 429 (one write thread, a queue of one, five shards
 * a bulk is spread over): the job slows down to what it takes, loses nothing, and is never
 * restarted (the MiniCluster restarts no job).
 */
class ElasticsearchOverloadITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(noRestarts())
              .build());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int MESSAGES = 3_000;

  private static ElasticsearchExtension.Node elasticsearch;

  @BeforeAll
  static void startAnOverloadedElasticsearch() {
    elasticsearch =
        ElasticsearchExtension.dedicated(
            "thread_pool.write.size=1", "thread_pool.write.queue_size=1");
  }

  @AfterAll
  static void stopElasticsearch() {
    elasticsearch.close();
  }

  @Test
  void slowsDownToWhatElasticsearchTakesAndLosesNothing() throws Exception {
    try (JobUnderTest job =
        JobUnderTest.start(
            KAFKA.bootstrapServers(), elasticsearch.url(), 1_000, "--elasticsearch.shards", "5")) {
      String now = Instant.now().toString();
      try (KafkaProducer<String, String> producer = job.producer()) {
        for (int i = 0; i < MESSAGES; i++) {
          String message = "m-" + i;
          producer.send(
              new ProducerRecord<>(
                  job.topic,
                  message,
                  """
                  {"app_id":"app-00","message_id":"%s","event":"MESSAGE_CREATED","created_at":"%s"}"""
                      .formatted(message, now)));
        }
      }

      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> count(job.index), count -> count == MESSAGES);

      assertThat(rejectedWrites()).isPositive();
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
  }

  private static long count(String index) throws Exception {
    send("POST", "/" + index + "/_refresh");
    JsonNode answer = send("GET", "/" + index + "/_count");
    return answer.path("count").asLong(-1);
  }

  /** Writes Elasticsearch turned away (429) since it started. */
  private static long rejectedWrites() throws Exception {
    JsonNode nodes = send("GET", "/_nodes/stats/thread_pool").path("nodes");
    return nodes.elements().next().at("/thread_pool/write/rejected").asLong();
  }

  private static JsonNode send(String method, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(elasticsearch.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static Configuration noRestarts() {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return configuration;
  }
}
