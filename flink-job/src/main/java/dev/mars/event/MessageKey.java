package dev.mars.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The identity of a message: its app and its id. Also names its Elasticsearch document. */
public final class MessageKey {

  private static final char SEPARATOR = '\u001f';

  private MessageKey() {}

  public static String of(String appId, String messageId) {
    return appId + SEPARATOR + messageId;
  }

  /**
   * A deterministic document id for the message: the same message always lands on the same
   * document, so a replay rewrites it instead of adding one. Hashed to stay within Elasticsearch's
   * 512-byte id limit whatever the ids' lengths.
   */
  public static String documentId(String appId, String messageId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(of(appId, messageId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
