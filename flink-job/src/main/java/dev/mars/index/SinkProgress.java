package dev.mars.index;

import java.nio.charset.StandardCharsets;

/**
 * How far one subtask of the document sink has written: a small document, {@code sink-<subtask>} in
 * the progress index, sent in every bulk request the subtask makes (and alone, about once a second,
 * while it has nothing else to write). Its {@code updated_at} is stamped with the request's send
 * time like every document ({@link SendTime}), and its request's success means every version the
 * subtask stamped until then is written: those of earlier requests succeeded, or failed and are
 * stamped again when they are sent again. The dashboard's live feed reads the lowest of them so
 * that it never moves past a version still on its way ({@code dev.mars.live.SinkWatermark} in
 * dashboard-api).
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
