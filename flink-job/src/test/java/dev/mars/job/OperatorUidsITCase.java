package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A savepoint restores into a changed job only by operator uid: Flink's generated ids change with
 * the code around them. Every operator of the job has its own uid, and they stay these.
 */
class OperatorUidsITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();

  @BeforeAll
  static void eventsTopic() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 10, (short) 1))).all().get();
    }
  }

  @Test
  void givesEveryOperatorAStableUid() throws Exception {
    StreamGraph graph = graph();

    assertThat(graph.getStreamNodes())
        .allSatisfy(
            node ->
                assertThat(node.getTransformationUID())
                    .as("the uid of %s", node.getOperatorName())
                    .isNotBlank());
    assertThat(graph.getStreamNodes().stream().map(StreamNode::getTransformationUID))
        .doesNotHaveDuplicates();
  }

  /** Renaming one orphans its state in every savepoint taken so far: it fails here first. */
  @Test
  void keepsTheUidsSavepointsWereTakenWith() throws Exception {
    assertThat(graph().getStreamNodes().stream().map(StreamNode::getTransformationUID))
        .containsExactlyInAnyOrder(
            "events-source",
            "events-split-dead-letters",
            "events-dead-letter-topic",
            "Sink Committer: events-dead-letter-topic",
            "message-lifecycle",
            "message-index",
            "dropped-events-dead-letter-topic",
            "Sink Committer: dropped-events-dead-letter-topic",
            "alerts-topic",
            "Sink Committer: alerts-topic",
            "increments-source",
            "increments-split-dead-letters",
            "increments-dead-letter-topic",
            "Sink Committer: increments-dead-letter-topic",
            "collect-increments",
            "counter-totals",
            "counter-index",
            "clock",
            "heartbeat-every-partition",
            "heartbeats",
            "index-retention");
  }

  private static StreamGraph graph() throws Exception {
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers", KAFKA.bootstrapServers(), "--kafka.topic", TOPIC
            },
            Map.of());
    StreamExecutionEnvironment env = MarsJob.fromConfig(config).build(config.environment());
    return env.getStreamGraph();
  }
}
