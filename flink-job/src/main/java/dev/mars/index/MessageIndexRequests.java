package dev.mars.index;

import dev.mars.lifecycle.MessageDocument;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.RequestIndexer;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.common.xcontent.XContentType;

/** Writes each document whole under its deterministic id: an idempotent upsert. */
final class MessageIndexRequests implements ElasticsearchEmitter<MessageDocument> {

  private final String index;

  MessageIndexRequests(String index) {
    this.index = index;
  }

  @Override
  public void emit(MessageDocument document, SinkWriter.Context context, RequestIndexer indexer) {
    indexer.add(
        new IndexRequest(index)
            .id(document.getId())
            .source(DocumentJson.toBytes(document), XContentType.JSON));
  }
}
