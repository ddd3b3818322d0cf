package dev.mars.counter;

import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.RequestIndexer;
import org.elasticsearch.action.index.IndexRequest;

/** Writes each counter's whole total under its key: one document per key, never a delta. */
public final class CounterIndexRequests implements ElasticsearchEmitter<CounterDocument> {

  /** The mappings of the counters' index. */
  public static final String MAPPINGS =
      """
      {
        "dynamic": false,
        "properties": {
          "key": {"type": "keyword"},
          "value": {"type": "long"},
          "updated_at": {"type": "date"}
        }
      }
      """;

  private final String index;

  public CounterIndexRequests(String index) {
    this.index = index;
  }

  @Override
  public void emit(CounterDocument document, SinkWriter.Context context, RequestIndexer indexer) {
    indexer.add(
        new IndexRequest(index)
            .id(document.getKey())
            .source(
                Map.of(
                    "key", document.getKey(),
                    "value", document.getValue(),
                    "updated_at", Instant.ofEpochMilli(document.getUpdatedAt()).toString())));
  }
}
