package dev.mars.index;

import dev.mars.event.MessageMappings;
import dev.mars.lifecycle.MessageDocument;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.RequestIndexer;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.common.xcontent.XContentType;

/**
 * Writes each message document whole under its deterministic id, in the index its message was first
 * written to: an idempotent upsert.
 */
public final class MessageIndexRequests implements ElasticsearchEmitter<MessageDocument> {

  /** The mappings of the message index. */
  public static final String MAPPINGS = MessageMappings.json();

  @Override
  public void emit(MessageDocument document, SinkWriter.Context context, RequestIndexer indexer) {
    indexer.add(
        new IndexRequest(document.getIndex())
            .id(document.getId())
            .source(DocumentJson.toBytes(document), XContentType.JSON));
  }
}
