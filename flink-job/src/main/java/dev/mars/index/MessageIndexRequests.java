package dev.mars.index;

import dev.mars.event.MessageMappings;
import dev.mars.lifecycle.MessageDocument;

/**
 * Writes each message document whole under its deterministic id, in the index its message was first
 * written to: an idempotent upsert.
 */
public final class MessageIndexRequests implements BulkActions<MessageDocument> {

  /** The mappings of the message index. */
  public static final String MAPPINGS = MessageMappings.json();

  @Override
  public BulkAction of(MessageDocument document) {
    return new BulkAction(
        document.getIndex(),
        document.getId(),
        DocumentJson.toBytes(document),
        document.getAppId() + "/" + document.getMessageId());
  }
}
