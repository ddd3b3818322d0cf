package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mars.deadletter.DeadLetterTopic;
import dev.mars.event.MessageKey;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster (parallelism 2) between a real Kafka and a real Elasticsearch
 * 7.17.
 */
class MarsJobITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String PROGRESS = "progress-" + java.util.UUID.randomUUID();
  private JobUnderTest job;

  @BeforeEach
  void startJob() throws Exception {
    job =
        JobUnderTest.start(
            KAFKA.bootstrapServers(),
            ELASTICSEARCH.url(),
            1_000,
            "--elasticsearch.progress-index",
            PROGRESS);
  }

  @AfterEach
  void cancelJob() throws Exception {
    job.close();
  }

  @Test
  void groupsAMessagesEventsAcrossWindowsIntoOneOrderedDocument() throws Exception {
    String messageId = "m-1";
    send(event("app-00", messageId, "MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01Z"));
    send(event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));
    send(event("app-01", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));

    JsonNode first = awaitDocument("app-00", messageId, 2);
    assertThat(stages(first)).containsExactly("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND");

    send(event("app-00", messageId, "MESSAGE_REACHED_FRONTEND", "2026-11-23T10:00:02Z"));

    JsonNode document = awaitDocument("app-00", messageId, 3);
    assertThat(stages(document))
        .containsExactly("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND", "MESSAGE_REACHED_FRONTEND");
    assertThat(document.get("first_seen").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(document.get("last_seen").asText()).isEqualTo("2026-11-23T10:00:02Z");
    assertThat(document.at("/stages/MESSAGE_REACHED_BACKEND").asText())
        .isEqualTo("2026-11-23T10:00:01Z");
    assertThat(document.at("/stage_durations_ms/MESSAGE_REACHED_FRONTEND").asLong())
        .isEqualTo(1_000);
    assertThat(document.get("updated_at").asText()).isNotBlank();
    assertThat(awaitDocument("app-01", messageId, 1).get("app_id").asText()).isEqualTo("app-01");

    // Every subtask of the document sink says it has written through the last version's send.
    java.time.Instant written = java.time.Instant.parse(document.get("updated_at").asText());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> job.search(PROGRESS, "{\"size\":100}"),
            hits ->
                hits.size() == 2
                    && java.util.stream.StreamSupport.stream(hits.spliterator(), false)
                        .allMatch(
                            hit ->
                                hit.at("/_source/parallelism").asInt() == 2
                                    && !java.time.Instant.parse(
                                            hit.at("/_source/updated_at").asText())
                                        .isBefore(written)));
  }

  @Test
  void sendsAPoisonRecordToTheDeadLetterTopicWhileGoodEventsFlow() throws Exception {
    String messageId = "m-2";
    job.send(job.topic, "poison", "{\"app_id\":\"app-00\",\"message_id\":\"x\"}");
    job.send(job.topic, "poison", "not json at all");
    send(event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));

    assertThat(awaitDocument("app-00", messageId, 1)).isNotNull();
    List<ConsumerRecord<String, String>> deadLetters =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> TopicContents.records(KAFKA.bootstrapServers(), job.topic + ".dlq"),
                records -> records.size() == 2);
    assertThat(deadLetters)
        .extracting(r -> header(r, DeadLetterTopic.REASON_HEADER))
        .anyMatch(reason -> reason.equals("event is missing"))
        .anyMatch(reason -> reason.startsWith("value is not JSON"));
    assertThat(deadLetters)
        .extracting(r -> header(r, DeadLetterTopic.SOURCE_HEADER))
        .allMatch(source -> source.startsWith(job.topic + "-"));
    assertThat(deadLetters).extracting(ConsumerRecord::value).contains("not json at all");
  }

  @Test
  void keepsTheExactTotalOfEachCounter() throws Exception {
    String topic = job.incrementsTopic;
    job.send(topic, "signups", "{\"key\":\"signups\",\"value\":2,\"request_id\":\"r-1\"}");
    job.send(topic, "signups", "{\"key\":\"signups\",\"value\":2,\"request_id\":\"r-1\"}");
    job.send(topic, "signups", "{\"key\":\"signups\",\"value\":-7,\"request_id\":\"r-2\"}");
    job.send(topic, "signups", "{\"key\":\"signups\",\"value\":\"x\"}");
    job.send(topic, "logins", "{\"key\":\"logins\",\"value\":40}");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> job.document(job.countersIndex, "signups"),
            doc -> doc != null && doc.get("value").asLong() == -5);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> job.document(job.countersIndex, "logins"),
            doc -> doc != null && doc.get("value").asLong() == 40);
  }

  private void send(String value) throws Exception {
    job.send(job.topic, "any", value);
  }

  private static String event(String app, String message, String stage, String at) {
    return """
        {"app_id":"%s","message_id":"%s","event":"%s","created_at":"%s"}"""
        .formatted(app, message, stage, at);
  }

  private static List<String> stages(JsonNode document) {
    return document.get("events").findValuesAsText("event");
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private JsonNode awaitDocument(String app, String messageId, int eventCount) {
    String id = MessageKey.documentId(app, messageId);
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> job.document(job.index, id),
            doc -> doc != null && doc.get("event_count").asInt() == eventCount);
  }
}
