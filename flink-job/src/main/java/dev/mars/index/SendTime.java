package dev.mars.index;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A document's {@code updated_at} is the time of the request that wrote it, not the time it was
 * built: a version held back by retries (Elasticsearch down, overloaded) or by a replay gets the
 * time it was finally sent. The live feed tails the index by {@code updated_at} with a short
 * overlap, so the field must follow what becomes visible. The time is written into the document's
 * bytes as they go out, in a slot of fixed width left for it.
 */
final class SendTime {

  /** {@code 2026-11-26T07:52:02.123Z}: always this many characters (years 1000 to 9999). */
  static final int LENGTH = 24;

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] KEY = "\"updated_at\":\"".getBytes(StandardCharsets.US_ASCII);

  private SendTime() {}

  static String format(long epochMillis) {
    return FORMAT.format(java.time.Instant.ofEpochMilli(epochMillis));
  }

  /**
   * Where the value of the last {@code "updated_at"} key in {@code json} starts, or -1 when there
   * is none of the fixed width. Documents write it last, after any attributes a client named alike.
   */
  static int find(byte[] json) {
    for (int at = json.length - KEY.length - LENGTH - 1; at >= 0; at--) {
      if (matches(json, at) && json[at + KEY.length + LENGTH] == '"') {
        return at + KEY.length;
      }
    }
    return -1;
  }

  /** Writes {@code json} with the time slot at {@code at} (if any) set to {@code now}. */
  static void write(OutputStream out, byte[] json, int at, long now) throws IOException {
    if (at < 0) {
      out.write(json);
      return;
    }
    out.write(json, 0, at);
    out.write(format(now).getBytes(StandardCharsets.US_ASCII));
    out.write(json, at + LENGTH, json.length - at - LENGTH);
  }

  private static boolean matches(byte[] json, int at) {
    for (int i = 0; i < KEY.length; i++) {
      if (json[at + i] != KEY[i]) {
        return false;
      }
    }
    return true;
  }
}
