package dev.mars.index;

import dev.mars.event.MessageMappings;
import dev.mars.lifecycle.MessageDocument;

/**
 * Writes each message document whole under its deterministic id, in the index its message was first
 * written to: an idempotent upsert. Its {@code updated_at} is set when it is sent ({@link
 * SendTime}).
 */
public final class MessageIndexRequests implements BulkActions<MessageDocument> {

  /** The mappings of the message index. */
  public static final String MAPPINGS = MessageMappings.json();

  @Override
  public BulkAction of(MessageDocument document) {
    byte[] source = DocumentJson.toBytes(document);
    return new BulkAction(
        document.getIndex(),
        document.getId(),
        source,
        document.getAppId() + "/" + document.getMessageId(),
        SendTime.find(source));
  }
}
