package dev.mars.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The id of an event its sender gave none: a hash of what the event says, so that a retry of the
 * same event gets the same id, over HTTP or Kafka alike, and Mars counts it once.
 */
public final class EventIds {

  private EventIds() {}

  public static String derive(String appId, String messageId, String event, Instant createdAt) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {appId, messageId, event, createdAt.toString()}) {
        sha256.update(part.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
