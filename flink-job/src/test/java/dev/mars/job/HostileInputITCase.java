package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mars.deadletter.DeadLetterTopic;
import dev.mars.event.MessageKey;
import dev.mars.lifecycle.IndexBuckets;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records no client should send, written straight to {@code mars.events}, on a MiniCluster that
 * never restarts a job: one exception from a record would fail it for good. Each test then sends a
 * normal message and sees it searchable, the job still running.
 */
class HostileInputITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(noRestarts())
              .build());

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private JobUnderTest job;

  @AfterEach
  void cancelJob() throws Exception {
    if (job != null) {
      job.close();
    }
  }

  @Test
  void farFutureTimesDottedNamesAndThousandsOfStagesStopNothing() throws Exception {
    job =
        JobUnderTest.start(
            KAFKA.bootstrapServers(),
            ELASTICSEARCH.url(),
            1_000,
            "--event.created-at-range.days",
            "365");
    String now = Instant.now().toString();
    try (KafkaProducer<String, String> producer = job.producer()) {
      send(producer, event("future", "MESSAGE_CREATED", "+300000000-01-01T00:00:00Z"));
      send(producer, event("dots-1", "x", now));
      send(producer, event("dots-2", "x.y", now));
      send(producer, event("dots-3", "a.", now));
      send(producer, event("dots-4", "stages.MESSAGE_CREATED", now));
      for (int i = 0; i < 1_100; i++) {
        send(producer, event("names", "stage " + i, now));
      }
      send(producer, "{\"app_id\":\"a\",\"message_id\":\"n\",\"event\":\"E\\u0000\"}");
      producer.flush();
    }
    job.send(job.topic, "normal", event("normal", "MESSAGE_CREATED", now));

    awaitDocument("normal", 1);
    JsonNode names = awaitDocument("names", 1_000); // the most a message keeps
    assertThat(names.get("stage_names")).hasSize(1_000);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> job.document(job.index, MessageKey.documentId("app-00", "names")),
            doc -> doc.path("events_dropped").asInt() == 100);
    for (String id : List.of("dots-1", "dots-2", "dots-3", "dots-4")) {
      awaitDocument(id, 1);
    }
    JsonNode dotted = job.search(job.index, "{\"query\": {\"term\": {\"stage_names\": \"x.y\"}}}");
    assertThat(dotted).hasSize(1);
    assertThat(dotted.get(0).at("/_source/message_id").asText()).isEqualTo("dots-2");

    List<ConsumerRecord<String, String>> deadLetters =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> TopicContents.records(KAFKA.bootstrapServers(), job.topic + ".dlq"),
                records -> records.size() == 102);
    assertThat(deadLetters)
        .extracting(r -> header(r, DeadLetterTopic.REASON_HEADER))
        .anyMatch(reason -> reason.startsWith("created_at must be within 365 days"))
        .anyMatch(reason -> reason.startsWith("event must not contain control characters"))
        .filteredOn(reason -> reason.contains("holds its limit of 1000 events"))
        .hasSize(100);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
  }

  /**
   * An index an older Mars created maps each stage name as a field; there {@code x.y} after {@code
   * x} is refused by Elasticsearch for what it holds. The refusal goes to its own topic and the job
   * goes on.
   */
  @Test
  void sendsADocumentElasticsearchRefusesToItsDeadLetterTopicAndGoesOn() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String alias = "messages-" + suffix;
    createIndexAsAnOlderMarsDid(
        alias, new IndexBuckets(alias).bucketFor(System.currentTimeMillis()));
    job = JobUnderTest.start(suffix, KAFKA.bootstrapServers(), ELASTICSEARCH.url(), 1_000);
    String now = Instant.now().toString();
    job.send(job.topic, "older-1", event("older-1", "x", now));
    awaitDocument("older-1", 1);
    job.send(job.topic, "older-2", event("older-2", "x.y", now));

    List<ConsumerRecord<String, String>> refused =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> TopicContents.records(KAFKA.bootstrapServers(), job.refusedDocumentsTopic),
                records -> !records.isEmpty());
    // Each later version (its deadlines running out) is refused again, each its own dead letter.
    assertThat(refused).extracting(ConsumerRecord::key).containsOnly("app-00/older-2");
    ConsumerRecord<String, String> letter = refused.get(0);
    assertThat(letter.key()).isEqualTo("app-00/older-2");
    assertThat(header(letter, DeadLetterTopic.REASON_HEADER))
        .startsWith("400 mapper_parsing_exception");
    assertThat(header(letter, DeadLetterTopic.SOURCE_HEADER))
        .endsWith("/" + MessageKey.documentId("app-00", "older-2"));
    assertThat(letter.value()).contains("\"x.y\"");

    job.send(job.topic, "normal", event("normal", "MESSAGE_CREATED", now));
    awaitDocument("normal", 1);
    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(mappingOf(alias).at("/stages/dynamic").asText()).isEqualTo("false");
  }

  private JsonNode mappingOf(String alias) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ELASTICSEARCH.url() + "/" + alias + "/_mapping"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(response.body())
        .elements()
        .next()
        .path("mappings")
        .path("properties");
  }

  private void createIndexAsAnOlderMarsDid(String alias, String index) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(ELASTICSEARCH.url() + "/" + index))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"aliases": {"%s": {}},
                         "mappings": {"dynamic": false, "properties": {
                           "app_id": {"type": "keyword"},
                           "message_id": {"type": "keyword"},
                           "stages": {"type": "object", "dynamic": true,
                                      "properties": {"x": {"type": "date"}}}}}}"""
                            .formatted(alias)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private JsonNode awaitDocument(String messageId, int eventCount) {
    String id = MessageKey.documentId("app-00", messageId);
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> job.document(job.index, id),
            doc -> doc != null && doc.get("event_count").asInt() == eventCount);
  }

  private void send(KafkaProducer<String, String> producer, String value) {
    producer.send(new ProducerRecord<>(job.topic, "hostile", value));
  }

  private static String event(String message, String stage, String at) {
    return """
        {"app_id":"app-00","message_id":"%s","event":"%s","created_at":"%s"}"""
        .formatted(message, stage, at);
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static Configuration noRestarts() {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return configuration;
  }
}
