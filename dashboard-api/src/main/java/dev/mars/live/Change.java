package dev.mars.live;

import java.util.Map;

/**
 * One version of a message document as the index shows it. The document is null while only the
 * listing (id, version, updated_at) has been read.
 */
public record Change(String id, long version, long updatedAt, Map<String, Object> document) {

  public String messageId() {
    return String.valueOf(document.get("message_id"));
  }
}
