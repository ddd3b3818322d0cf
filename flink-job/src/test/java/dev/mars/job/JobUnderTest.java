package dev.mars.job;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.event.MessageKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The whole job, as {@code main} builds it, running on the test's MiniCluster between the test's
 * Kafka and Elasticsearch, on topics and indices of its own.
 */
final class JobUnderTest implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String topic;
  final String incrementsTopic;
  final String index;
  final String countersIndex;
  final String alertsTopic;
  final String refusedDocumentsTopic;
  private final String bootstrapServers;
  private final String elasticsearch;
  private final JobClient job;
  private final String suffix;
  private final long checkpointIntervalMs;
  private final String[] flags;

  private JobUnderTest(
      String suffix,
      String bootstrapServers,
      String elasticsearch,
      long checkpointIntervalMs,
      String... flags)
      throws Exception {
    this.suffix = suffix;
    this.checkpointIntervalMs = checkpointIntervalMs;
    this.flags = flags;
    this.topic = "events-" + suffix;
    this.incrementsTopic = "increments-" + suffix;
    this.index = "messages-" + suffix;
    this.countersIndex = "counters-" + suffix;
    this.alertsTopic = "alerts-" + suffix;
    this.refusedDocumentsTopic = "refused-" + suffix;
    this.bootstrapServers = bootstrapServers;
    this.elasticsearch = elasticsearch;
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka.bootstrap-servers",
                bootstrapServers,
                "--kafka.topic",
                topic,
                "--kafka.increments-topic",
                incrementsTopic,
                "--kafka.alerts-topic",
                alertsTopic,
                "--kafka.refused-documents-topic",
                refusedDocumentsTopic,
                "--kafka.group-id",
                "mars-test-" + suffix,
                "--elasticsearch.hosts",
                elasticsearch,
                "--elasticsearch.index",
                index,
                "--elasticsearch.counters-index",
                countersIndex,
                "--kafka.partitions",
                "2",
                "--window.ms",
                "200",
                "--lifecycle.heartbeat.ms",
                "200",
                "--lifecycle.allowed-lateness.ms",
                "500",
                "--parallelism",
                "2",
                "--checkpoint.interval.ms",
                String.valueOf(checkpointIntervalMs)));
    if (!List.of(flags).contains("--event.created-at-range.days")) {
      // The fixtures carry fixed dates (2026-11-23): a range that keeps them valid for years.
      args.addAll(List.of("--event.created-at-range.days", "36500"));
    }
    args.addAll(List.of(flags));
    MarsJobConfig config = MarsJobConfig.load(args.toArray(String[]::new), Map.of());
    config.prepareKafkaAndElasticsearch();
    this.job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-test");
  }

  /**
   * @param flags more settings, as {@code --name value} pairs
   */
  static JobUnderTest start(
      String bootstrapServers, String elasticsearch, long checkpointIntervalMs, String... flags)
      throws Exception {
    return new JobUnderTest(
        UUID.randomUUID().toString().substring(0, 8),
        bootstrapServers,
        elasticsearch,
        checkpointIntervalMs,
        flags);
  }

  /** The job on topics and indices named after {@code suffix}, which may exist already. */
  static JobUnderTest start(
      String suffix,
      String bootstrapServers,
      String elasticsearch,
      long checkpointIntervalMs,
      String... flags)
      throws Exception {
    return new JobUnderTest(suffix, bootstrapServers, elasticsearch, checkpointIntervalMs, flags);
  }

  /**
   * The same job again, on the same topics and indices, after this one was cancelled: give it a
   * {@code --checkpoint.dir} to resume from.
   */
  JobUnderTest restart() throws Exception {
    return new JobUnderTest(suffix, bootstrapServers, elasticsearch, checkpointIntervalMs, flags);
  }

  JobStatus status() throws Exception {
    return job.getJobStatus().get();
  }

  JobID jobId() {
    return job.getJobID();
  }

  KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
        new StringSerializer(),
        new StringSerializer());
  }

  void send(String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /**
   * Returns once the job reads every partition of its events topic: a message of {@code appId} sent
   * to each has its document. Until then events wait in Kafka while the job's heartbeats go on, so
   * a test that times deadlines from its first event starts its clock after this.
   */
  void awaitReading(String appId) throws Exception {
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer()) {
      for (int partition = 0; partition < producer.partitionsFor(topic).size(); partition++) {
        String messageId = "reading-" + partition;
        producer
            .send(
                new ProducerRecord<>(
                    topic,
                    partition,
                    messageId,
                    """
                    {"app_id":"%s","message_id":"%s","event":"MESSAGE_CREATED","created_at":"%s"}"""
                        .formatted(appId, messageId, Instant.now())))
            .get();
        ids.add(MessageKey.documentId(appId, messageId));
      }
    }
    for (String id : ids) {
      await().atMost(Duration.ofSeconds(90)).until(() -> document(index, id) != null);
    }
  }

  /** The source of a document, or null while there is none. {@code index} may be an alias. */
  JsonNode document(String index, String id) throws Exception {
    JsonNode hits = search(index, "{\"query\": {\"ids\": {\"values\": [\"" + id + "\"]}}}");
    return hits.isEmpty() ? null : hits.get(0).get("_source");
  }

  /** The hits of a search (each with _index, _id and _source); none while the index is missing. */
  JsonNode search(String index, String query) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(elasticsearch + "/" + index + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200
        ? JSON.readTree(response.body()).path("hits").path("hits")
        : JSON.createArrayNode();
  }

  @Override
  public void close() throws Exception {
    job.cancel().get();
  }
}
