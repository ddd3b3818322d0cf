package dev.mars.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkOutcomeTest {

  private final List<BulkAction> actions =
      List.of(action("a"), action("b"), action("c"), action("d"), action("e"));

  @Test
  void deadLettersOnlyWhatIsRefusedForItsContentAndTriesTheRestAgain() throws Exception {
    String response =
        """
        {"errors": true, "items": [
          {"index": {"_id": "a", "status": 201}},
          {"index": {"_id": "b", "status": 400, "error": {"type": "mapper_parsing_exception",
             "reason": "failed to parse", "caused_by": {"type": "illegal_argument_exception",
             "reason": "x"}}}},
          {"index": {"_id": "c", "status": 429, "error": {"type": "es_rejected_execution_exception",
             "reason": "queue full"}}},
          {"index": {"_id": "d", "status": 403, "error": {"type": "cluster_block_exception",
             "reason": "index write blocked"}}},
          {"index": {"_id": "e", "status": 503, "error": {"type": "unavailable_shards_exception",
             "reason": "primary not active"}}}
        ]}""";

    BulkOutcome outcome =
        BulkOutcome.read(
            new ByteArrayInputStream(response.getBytes(StandardCharsets.UTF_8)), actions);

    assertThat(outcome.refused).extracting(r -> r.action().id()).containsExactly("b");
    assertThat(outcome.refused.get(0).reason())
        .isEqualTo("400 mapper_parsing_exception: failed to parse (illegal_argument_exception: x)");
    assertThat(outcome.retry).extracting(BulkAction::id).containsExactly("c", "d", "e");
  }

  @Test
  void writesEverythingWhenNoItemFailed() throws Exception {
    BulkOutcome outcome =
        BulkOutcome.read(
            new ByteArrayInputStream("{\"errors\": false, \"items\": []}".getBytes()), actions);

    assertThat(outcome.refused).isEmpty();
    assertThat(outcome.retry).isEmpty();
  }

  private static BulkAction action(String id) {
    return new BulkAction("messages", id, "{}".getBytes(), "app/" + id);
  }
}
