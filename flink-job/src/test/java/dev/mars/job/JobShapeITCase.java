package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the job's operators are spread over subtasks, read from its stream graph. */
class JobShapeITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  /**
   * With fewer partitions than subtasks, the events source runs one reader per partition, and the
   * step that splits dead letters off runs in those readers' subtasks: no records are sent between
   * subtasks before they are keyed by message.
   */
  @Test
  void theDeadLetterSplitRunsWhereTheEventsAreRead() throws Exception {
    String topic = "events-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
    }
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers", KAFKA.bootstrapServers(), "--kafka.topic", topic
            },
            Map.of());

    StreamGraph graph = MarsJob.fromConfig(config).build(config.environment()).getStreamGraph();

    StreamNode source = node(graph, "events-source");
    StreamNode split = node(graph, "events-split-dead-letters");
    assertThat(source.getParallelism()).isEqualTo(4);
    assertThat(split.getParallelism()).isEqualTo(4);
    assertThat(source.getOutEdges())
        .singleElement()
        .satisfies(
            edge -> assertThat(edge.getPartitioner()).isInstanceOf(ForwardPartitioner.class));
    assertThat(node(graph, "message-lifecycle").getParallelism()).isEqualTo(10);
  }

  private static StreamNode node(StreamGraph graph, String uid) {
    return graph.getStreamNodes().stream()
        .filter(node -> uid.equals(node.getTransformationUID()))
        .findFirst()
        .orElseThrow();
  }
}
