package dev.mars.index;

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
  public static final String MAPPINGS =
      """
      {
        "dynamic": false,
        "properties": {
          "app_id": {"type": "keyword"},
          "message_id": {"type": "keyword"},
          "status": {"type": "keyword"},
          "missing": {"type": "keyword"},
          "late": {"type": "keyword"},
          "out_of_order": {"type": "keyword"},
          "stuck_since": {"type": "date"},
          "status_changes": {"type": "integer"},
          "events": {
            "properties": {
              "event": {"type": "keyword"},
              "created_at": {"type": "date"}
            }
          },
          "stages": {"type": "object", "dynamic": true},
          "stage_durations_ms": {"type": "object", "dynamic": true},
          "first_seen": {"type": "date"},
          "last_seen": {"type": "date"},
          "event_count": {"type": "integer"},
          "updated_at": {"type": "date"}
        }
      }
      """;

  @Override
  public void emit(MessageDocument document, SinkWriter.Context context, RequestIndexer indexer) {
    indexer.add(
        new IndexRequest(document.getIndex())
            .id(document.getId())
            .source(DocumentJson.toBytes(document), XContentType.JSON));
  }
}
