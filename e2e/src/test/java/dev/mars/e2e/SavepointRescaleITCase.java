package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * An operator's upgrade path on a standalone cluster: stop the job with a savepoint, resume it at
 * parallelism 4, stop again, resume at 10 as a changed job — another window, every operator its own
 * task (a job graph of another shape, as a code change makes) and RocksDB instead of the heap —
 * whose state is found by operator uid ({@code OperatorUidsITCase} pins them). Messages whose
 * stages straddle each step are judged right, counters stay exact, and each status change is in
 * {@code mars.alerts} once: none lost in a stop, none repeated by a resume.
 */
class SavepointRescaleITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final int MESSAGES = 30;

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String alerts = "alerts-" + suffix;
  private final String index = "messages-" + suffix;
  private final String counters = "counters-" + suffix;
  private final PipelineOutputs outputs =
      new PipelineOutputs(ELASTICSEARCH.url(), KAFKA.bootstrapServers(), index, counters, alerts);
  private FlinkCluster cluster;
  private Path lifecycles;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void stopsWithASavepointAndResumesRescaledWithNothingLostOrRepeated() throws Exception {
    lifecycles = Files.createTempFile("lifecycles", ".yaml");
    Files.writeString(
        lifecycles,
        """
        default:
          - stage: A
          - stage: B
            within: 10m
        """);
    cluster = new FlinkCluster();
    cluster.addTaskManager(10);
    Instant t0 = Instant.now();

    String job = start(null, 2, "200", List.of());
    send(events(0, MESSAGES, "A", t0), increments(0, 30));
    await().atMost(PATIENCE).until(() -> outputs.count("{\"match_all\":{}}") == MESSAGES);

    job = start(cluster.stopWithSavepoint(job), 4, "200", List.of());
    assertThat(cluster.parallelism(job)).isEqualTo(4);
    int chainedTasks = cluster.vertices(job);
    send(events(0, 10, "B", t0), increments(30, 60));
    await()
        .atMost(PATIENCE)
        .until(() -> outputs.count("{\"term\":{\"status\":\"complete\"}}") == 10);

    // The next version: another window, another job graph, another state backend, ten slots.
    job =
        start(
            cluster.stopWithSavepoint(job),
            10,
            "500",
            List.of("--pipeline.operator-chaining", "false", "--state.backend", "rocksdb"));
    assertThat(cluster.parallelism(job)).isEqualTo(10);
    assertThat(cluster.vertices(job)).isGreaterThan(chainedTasks);
    send(events(10, MESSAGES, "B", t0), increments(60, 90));
    await()
        .atMost(PATIENCE)
        .until(() -> outputs.count("{\"term\":{\"status\":\"complete\"}}") == MESSAGES);
    await().atMost(PATIENCE).until(() -> outputs.counter("app-00.orders") == 90);

    assertThat(outputs.count("{\"match_all\":{}}")).isEqualTo(MESSAGES);
    assertThat(outputs.count("{\"term\":{\"event_count\":2}}")).isEqualTo(MESSAGES);
    Map<String, List<String>> changes =
        await().atMost(PATIENCE).until(outputs::statusChanges, found -> found.size() == MESSAGES);
    assertThat(changes)
        .allSatisfy(
            (message, changed) ->
                assertThat(changed).as(message).containsExactly("in_progress>complete"));
    cluster.stopWithSavepoint(job); // the last stop commits too
    assertThat(outputs.statusChanges().values())
        .allSatisfy(changed -> assertThat(changed).hasSize(1));
  }

  private String start(String savepoint, int parallelism, String windowMs, List<String> more)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka.bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka.topic",
                "events-" + suffix,
                "--kafka.increments-topic",
                "increments-" + suffix,
                "--kafka.alerts-topic",
                alerts,
                "--kafka.refused-documents-topic",
                "refused-" + suffix,
                "--kafka.group-id",
                "mars-rescale-" + suffix,
                "--kafka.partitions",
                "10",
                "--elasticsearch.hosts",
                ELASTICSEARCH.url(),
                "--elasticsearch.index",
                index,
                "--elasticsearch.counters-index",
                counters,
                "--lifecycle.definitions",
                lifecycles.toString(),
                "--parallelism",
                String.valueOf(parallelism),
                "--window.ms",
                windowMs,
                "--checkpoint.interval.ms",
                "3000"));
    args.addAll(more);
    String job = cluster.run(savepoint == null ? List.of() : List.of("-s", savepoint), args);
    await().atMost(PATIENCE).until(() -> cluster.jobState(job).equals("RUNNING"));
    return job;
  }

  private static List<ProducerRecord<String, String>> events(
      int from, int to, String stage, Instant at) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int m = from; m < to; m++) {
      records.add(
          new ProducerRecord<>(
              "events",
              "m-" + m,
              """
              {"app_id":"app-00","message_id":"m-%d","event":"%s","created_at":"%s"}"""
                  .formatted(m, stage, at)));
    }
    return records;
  }

  private static List<ProducerRecord<String, String>> increments(int from, int to) {
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    for (int r = from; r < to; r++) {
      records.add(
          new ProducerRecord<>(
              "increments",
              "app-00.orders",
              "{\"key\":\"app-00.orders\",\"value\":1,\"request_id\":\"r-" + r + "\"}"));
    }
    return records;
  }

  private void send(
      List<ProducerRecord<String, String>> events, List<ProducerRecord<String, String>> increments)
      throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (ProducerRecord<String, String> record : events) {
        producer.send(new ProducerRecord<>("events-" + suffix, record.key(), record.value()));
      }
      for (ProducerRecord<String, String> record : increments) {
        producer.send(new ProducerRecord<>("increments-" + suffix, record.key(), record.value()));
      }
      producer.flush();
    }
  }
}
