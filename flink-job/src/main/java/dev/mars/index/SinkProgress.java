package dev.mars.index;

import java.nio.charset.StandardCharsets;

/**
 * How far one subtask of the document sink has written: a small document, {@code sink-<subtask>} in
 * the progress index, sent in every bulk request the subtask makes (and alone, about once a second,
 * while it has nothing else to write). Its {@code updated_at} is the send time of the subtask's
 * latest request that Elasticsearch took whole before this one: every version the subtask stamped
 * until then is written (a version whose request failed is stamped again when it is sent again).
 * Not this request's own time: Elasticsearch writes a request's documents shard by shard, so this
 * document may be searchable before the others of its request are even written. The dashboard's
 * live feed reads the lowest of them, refreshes the message indices, and never moves past it while
 * a version is still on its way ({@code dev.mars.live.SinkWatermark} in dashboard-api).
 */
final class SinkProgress {

  /** While a subtask has nothing else to write it says so this often, alone. */
  static final long IDLE_EVERY_MS = 1_000;

  private SinkProgress() {}

  static BulkAction of(String index, int subtask, int parallelism) {
    byte[] source =
        ("{\"subtask\":"
                + subtask
                + ",\"parallelism\":"
                + parallelism
                + ",\"updated_at\":\""
                + SendTime.format(0)
                + "\"}")
            .getBytes(StandardCharsets.US_ASCII);
    return new BulkAction(
        index, "sink-" + subtask, source, "sink-" + subtask, SendTime.find(source));
  }
}
