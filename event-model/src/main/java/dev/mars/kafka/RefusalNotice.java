package dev.mars.kafka;

import java.nio.charset.StandardCharsets;

/**
 * A record ingest writes to the events topic (at most once a second) after it refused events
 * because Mars could not take them (503: Kafka away or slow, its own limits reached): their clients
 * are retrying, so the job holds its deadlines for a retry budget after the refusal instead of
 * declaring their stages missing. Marked by a header; the value is the refusal's time in epoch
 * milliseconds, as ASCII digits.
 */
public final class RefusalNotice {

  /** The header that marks a notice. */
  public static final String HEADER = "mars.refused";

  private RefusalNotice() {}

  public static byte[] value(long refusedAt) {
    return Long.toString(refusedAt).getBytes(StandardCharsets.US_ASCII);
  }

  /** The refusal's time; IllegalArgumentException when the value is not one. */
  public static long refusedAt(byte[] value) {
    try {
      return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a refusal notice's value is epoch milliseconds");
    }
  }
}
