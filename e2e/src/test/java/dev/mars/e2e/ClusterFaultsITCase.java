package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kill -9} of a part of a standalone cluster of separate processes, right after documents,
 * counters and alerts were written that no checkpoint holds yet: the task manager running the job
 * (the job resumes on the other one), or the job manager (one started again recovers the job from
 * ZooKeeper, its state in RocksDB's incremental checkpoints). The job replays from its last
 * checkpoint, and in the end every document holds its events once, the counter is exact, and every
 * status change is in {@code mars.alerts} exactly once.
 */
class ClusterFaultsITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  private final String topic = "events-" + suffix;
  private final String increments = "increments-" + suffix;
  private final String alerts = "alerts-" + suffix;
  private final String index = "messages-" + suffix;
  private final String counters = "counters-" + suffix;
  private final PipelineOutputs outputs =
      new PipelineOutputs(ELASTICSEARCH.url(), KAFKA.bootstrapServers(), index, counters, alerts);
  private FlinkCluster cluster;

  @AfterEach
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killingTheBusyTaskManagerLosesAndRepeatsNothing() throws Exception {
    cluster = new FlinkCluster();
    ServerProcess busy = cluster.addTaskManager(2);
    survives(List.of(), () -> cluster.addTaskManager(2), busy::kill);
  }

  @Test
  void killingTheJobManagerLosesAndRepeatsNothing() throws Exception {
    cluster = new FlinkCluster(true);
    cluster.addTaskManager(2);
    survives(
        List.of("--state.backend", "rocksdb"),
        () -> {},
        () -> {
          cluster.killJobManager();
          cluster.startJobManager();
        });
  }

  /**
   * Runs the job, writes, waits for a checkpoint, writes what no checkpoint holds, then {@code
   * fault}; writes more and checks every document, the counter and the alerts.
   */
  private void survives(List<String> jobFlags, Runnable spare, Runnable fault) throws Exception {
    // "slow" messages complete (their second stage may take minutes); "fast" ones, missing their
    // second stage, are found stuck within seconds.
    Path lifecycles = Files.createTempFile("lifecycles", ".yaml");
    Files.writeString(
        lifecycles,
        """
        default:
          - stage: A
          - stage: B
            within: 5m
        apps:
          fast:
            - stage: A
            - stage: B
              within: 2s
        """);
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--kafka.bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--kafka.topic",
                topic,
                "--kafka.increments-topic",
                increments,
                "--kafka.alerts-topic",
                alerts,
                "--kafka.refused-documents-topic",
                "refused-" + suffix,
                "--kafka.group-id",
                "mars-kill-" + suffix,
                "--kafka.partitions",
                "2",
                "--elasticsearch.hosts",
                ELASTICSEARCH.url(),
                "--elasticsearch.index",
                index,
                "--elasticsearch.counters-index",
                counters,
                "--lifecycle.definitions",
                lifecycles.toString(),
                "--lifecycle.allowed-lateness.ms",
                "500",
                "--parallelism",
                "2",
                "--window.ms",
                "200",
                "--checkpoint.interval.ms",
                "20000"));
    args.addAll(jobFlags);
    String jobId = cluster.run(List.of(), args);
    await().atMost(PATIENCE).until(() -> cluster.jobState(jobId).equals("RUNNING"));
    spare.run(); // where the job can go when the busy task manager dies

    Instant t0 = Instant.now();
    send(topic, IntStream.range(0, 50).mapToObj(m -> event("slow", "s-" + m, "A", t0)).toList());
    send(topic, IntStream.range(0, 10).mapToObj(m -> event("fast", "f-" + m, "A", t0)).toList());
    send(increments, IntStream.range(0, 50).mapToObj(this::increment).toList());
    awaitDocuments(60);

    // Right after a checkpoint: what follows is written before the next one.
    long checkpointed = cluster.latestCheckpoint(jobId);
    await().atMost(PATIENCE).until(() -> cluster.latestCheckpoint(jobId) > checkpointed);
    long beforeKill = cluster.latestCheckpoint(jobId);
    send(topic, IntStream.range(0, 40).mapToObj(m -> event("slow", "s-" + m, "B", t0)).toList());
    send(increments, IntStream.range(50, 100).mapToObj(this::increment).toList());
    await().atMost(PATIENCE).until(() -> countWithTwoEvents() == 40);
    await().atMost(PATIENCE).until(() -> outputs.counter("app-00.orders") == 100);
    assertThat(cluster.latestCheckpoint(jobId))
        .as("no checkpoint since those writes: the kill must catch them uncheckpointed")
        .isEqualTo(beforeKill);

    fault.run();

    send(topic, IntStream.range(40, 50).mapToObj(m -> event("slow", "s-" + m, "B", t0)).toList());
    send(increments, IntStream.range(100, 120).mapToObj(this::increment).toList());
    await().atMost(PATIENCE).until(() -> countWithTwoEvents() == 50);
    await().atMost(PATIENCE).until(() -> cluster.latestCheckpoint(jobId) > beforeKill + 1);

    assertThat(outputs.count("{\"match_all\":{}}")).isEqualTo(60);
    assertThat(countWithTwoEvents()).isEqualTo(50);
    assertThat(outputs.count("{\"term\":{\"status\":\"complete\"}}")).isEqualTo(50);
    assertThat(outputs.count("{\"term\":{\"status\":\"stuck\"}}")).isEqualTo(10);
    assertThat(outputs.counter("app-00.orders")).isEqualTo(120);
    Map<String, List<String>> changes =
        await().atMost(PATIENCE).until(outputs::statusChanges, found -> found.size() == 60);
    assertThat(changes)
        .allSatisfy(
            (message, changed) ->
                assertThat(changed)
                    .as(message)
                    .containsExactly(
                        message.startsWith("s-") ? "in_progress>complete" : "in_progress>stuck"));
  }

  private void awaitDocuments(long expected) {
    await().atMost(PATIENCE).until(() -> outputs.count("{\"match_all\":{}}") == expected);
  }

  private long countWithTwoEvents() throws Exception {
    return outputs.count("{\"term\":{\"event_count\":2}}");
  }

  private static ProducerRecord<String, String> event(
      String app, String messageId, String stage, Instant at) {
    return new ProducerRecord<>(
        "",
        messageId,
        """
        {"app_id":"%s","message_id":"%s","event":"%s","created_at":"%s"}"""
            .formatted(app, messageId, stage, at));
  }

  private ProducerRecord<String, String> increment(int request) {
    return new ProducerRecord<>(
        "",
        "app-00.orders",
        """
        {"key":"app-00.orders","value":1,"request_id":"r-%d"}"""
            .formatted(request));
  }

  private static void send(String topic, List<ProducerRecord<String, String>> records)
      throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (ProducerRecord<String, String> record : records) {
        producer.send(new ProducerRecord<>(topic, record.key(), record.value()));
      }
      producer.flush();
    }
  }
}
