package dev.mars.live;

import java.util.Map;

/**
 * One version of a message document as the index shows it. The document is null while only the
 * listing (id, version, updated_at, last_seen) has been read.
 *
 * @param lastSeen the {@code created_at} of the message's newest event, epoch ms; 0 when unknown
 */
public record Change(
    String id, long version, long updatedAt, long lastSeen, Map<String, Object> document) {

  public String messageId() {
    return String.valueOf(document.get("message_id"));
  }
}
