package dev.mars.live;

import java.util.Map;

/** One version of a message document, as the index shows it. */
public record Change(String id, long updatedAt, Map<String, Object> document) {

  public String messageId() {
    return String.valueOf(document.get("message_id"));
  }
}
