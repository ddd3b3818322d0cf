package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.deadletter.DeadLetterTopic;
import dev.mars.event.MessageKey;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster (parallelism 2) between a real Kafka and a real Elasticsearch
 * 7.17: this is also what proves flink-connector-elasticsearch7 3.0.1-1.17 runs on Flink 1.20
 * against ES 7.17.
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "events-" + suffix;
  private final String incrementsTopic = "increments-" + suffix;
  private final String index = "messages-" + suffix;
  private final String countersIndex = "counters-" + suffix;
  private JobClient job;

  @AfterEach
  void cancelJob() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
  }

  @Test
  void groupsAMessagesEventsAcrossWindowsIntoOneOrderedDocument() throws Exception {
    startJob();

    String messageId = "m-" + suffix;
    send(event("app-00", messageId, "MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01Z"));
    send(event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));
    send("{\"not\":\"an event\"}");
    send(event("app-01", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));

    JsonNode first = awaitDocument("app-00", messageId, 2);
    assertThat(stages(first)).containsExactly("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND");

    send(event("app-00", messageId, "MESSAGE_REACHED_FRONTEND", "2026-11-23T10:00:02Z"));

    JsonNode document = awaitDocument("app-00", messageId, 3);
    assertThat(stages(document))
        .containsExactly("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND", "MESSAGE_REACHED_FRONTEND");
    assertThat(document.get("first_seen").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(document.at("/stages/MESSAGE_REACHED_BACKEND").asText())
        .isEqualTo("2026-11-23T10:00:01Z");
    assertThat(document.at("/stage_durations_ms/MESSAGE_REACHED_FRONTEND").asLong())
        .isEqualTo(1_000);
    assertThat(document.get("last_seen").asText()).isEqualTo("2026-11-23T10:00:02Z");
    assertThat(document.get("updated_at").asText()).isNotBlank();
    assertThat(awaitDocument("app-01", messageId, 1).get("app_id").asText()).isEqualTo("app-01");
  }

  @Test
  void sendsAPoisonRecordToTheDeadLetterTopicWhileGoodEventsFlow() throws Exception {
    startJob();
    String messageId = "m-" + suffix;

    sendTo(topic, "poison", "{\"app_id\":\"app-00\",\"message_id\":\"x\"}");
    sendTo(topic, "poison", "not json at all");
    send(event("app-00", messageId, "MESSAGE_CREATED", "2026-11-23T10:00:00Z"));

    assertThat(awaitDocument("app-00", messageId, 1)).isNotNull();
    List<ConsumerRecord<String, String>> deadLetters =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> TopicContents.records(KAFKA.bootstrapServers(), topic + ".dlq"),
                r -> r.size() == 2);
    assertThat(deadLetters)
        .extracting(r -> header(r, DeadLetterTopic.REASON_HEADER))
        .anyMatch(reason -> reason.equals("event is missing or not a non-empty string"))
        .anyMatch(reason -> reason.startsWith("value is not JSON"));
    assertThat(deadLetters)
        .extracting(r -> header(r, DeadLetterTopic.SOURCE_HEADER))
        .allMatch(source -> source.startsWith(topic + "-"));
    assertThat(deadLetters).extracting(ConsumerRecord::value).contains("not json at all");
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(
        record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void keepsTheExactTotalOfEachCounter() throws Exception {
    startJob();

    sendTo(incrementsTopic, "signups", "{\"key\":\"signups\",\"value\":2,\"request_id\":\"r-1\"}");
    sendTo(incrementsTopic, "signups", "{\"key\":\"signups\",\"value\":2,\"request_id\":\"r-1\"}");
    sendTo(incrementsTopic, "signups", "{\"key\":\"signups\",\"value\":-7,\"request_id\":\"r-2\"}");
    sendTo(incrementsTopic, "signups", "{\"key\":\"signups\",\"value\":\"x\"}");
    sendTo(incrementsTopic, "logins", "{\"key\":\"logins\",\"value\":40}");

    String url = ELASTICSEARCH.url() + "/" + countersIndex + "/_doc/";
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> source(url + "signups"), doc -> doc != null && doc.get("value").asLong() == -5);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> source(url + "logins"), doc -> doc != null && doc.get("value").asLong() == 40);
  }

  private void startJob() throws Exception {
    createTopic(topic, 2);
    createTopic(incrementsTopic, 2);
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--kafka.topic",
              topic,
              "--kafka.increments-topic",
              incrementsTopic,
              "--elasticsearch.hosts",
              ELASTICSEARCH.url(),
              "--elasticsearch.index",
              index,
              "--elasticsearch.counters-index",
              countersIndex,
              "--window.ms",
              "200",
              "--parallelism",
              "2",
              "--checkpoint.interval.ms",
              "1000"
            },
            Map.of());
    config.createIndices();
    config.createDeadLetterTopics();
    job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-it");
  }

  private static String event(String app, String message, String stage, String at) {
    return """
        {"app_id":"%s","message_id":"%s","event":"%s","created_at":"%s"}"""
        .formatted(app, message, stage, at);
  }

  private static List<String> stages(JsonNode document) {
    return document.get("events").findValuesAsText("event");
  }

  private JsonNode awaitDocument(String app, String messageId, int eventCount) {
    String url =
        ELASTICSEARCH.url() + "/" + index + "/_doc/" + MessageKey.documentId(app, messageId);
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> source(url), doc -> doc != null && doc.get("event_count").asInt() == eventCount);
  }

  private static JsonNode source(String url) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("_source") : null;
  }

  private void send(String value) throws Exception {
    sendTo(topic, "any", value);
  }

  private static void sendTo(String topic, String key, String value) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static void createTopic(String name, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }
  }
}
