package dev.mars.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
  private final String bootstrapServers;
  private final String elasticsearch;
  private final JobClient job;

  private JobUnderTest(String bootstrapServers, String elasticsearch, long checkpointIntervalMs)
      throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.topic = "events-" + suffix;
    this.incrementsTopic = "increments-" + suffix;
    this.index = "messages-" + suffix;
    this.countersIndex = "counters-" + suffix;
    this.bootstrapServers = bootstrapServers;
    this.elasticsearch = elasticsearch;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 2, (short) 1), new NewTopic(incrementsTopic, 2, (short) 1)))
          .all()
          .get();
    }
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers", bootstrapServers,
              "--kafka.topic", topic,
              "--kafka.increments-topic", incrementsTopic,
              "--elasticsearch.hosts", elasticsearch,
              "--elasticsearch.index", index,
              "--elasticsearch.counters-index", countersIndex,
              "--window.ms", "200",
              "--parallelism", "2",
              "--checkpoint.interval.ms", String.valueOf(checkpointIntervalMs)
            },
            Map.of());
    config.createIndices();
    config.createDeadLetterTopics();
    this.job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-test");
  }

  static JobUnderTest start(
      String bootstrapServers, String elasticsearch, long checkpointIntervalMs) throws Exception {
    return new JobUnderTest(bootstrapServers, elasticsearch, checkpointIntervalMs);
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

  /** The source of a document, or null while there is none. */
  JsonNode document(String index, String id) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(elasticsearch + "/" + index + "/_doc/" + id)).build(),
            HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? JSON.readTree(response.body()).get("_source") : null;
  }

  @Override
  public void close() throws Exception {
    job.cancel().get();
  }
}
