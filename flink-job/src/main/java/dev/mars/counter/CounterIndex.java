package dev.mars.counter;

import dev.mars.index.IndexSetup;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.http.HttpHost;
import org.elasticsearch.action.index.IndexRequest;

/** The counters' index: one document per key, id = the key, holding the whole total. */
public final class CounterIndex {

  private static final String MAPPING =
      """
      {
        "settings": {"number_of_shards": %d, "number_of_replicas": %d},
        "mappings": {
          "dynamic": false,
          "properties": {
            "key": {"type": "keyword"},
            "value": {"type": "long"},
            "updated_at": {"type": "date"}
          }
        }
      }
      """;

  private final List<HttpHost> hosts;
  private final String name;
  private final int shards;
  private final int replicas;

  public CounterIndex(List<URI> hosts, String name, int shards, int replicas) {
    this.hosts = IndexSetup.toHosts(hosts);
    this.name = name;
    this.shards = shards;
    this.replicas = replicas;
  }

  public void ensureExists() throws IOException {
    IndexSetup.ensureExists(hosts, name, MAPPING.formatted(shards, replicas));
  }

  /** Writes each total whole under the counter's key. */
  public Sink<CounterDocument> sink(int maxActions, long flushIntervalMs) {
    String index = name;
    ElasticsearchEmitter<CounterDocument> emitter =
        (document, context, indexer) ->
            indexer.add(
                new IndexRequest(index)
                    .id(document.getKey())
                    .source(
                        Map.of(
                            "key", document.getKey(),
                            "value", document.getValue(),
                            "updated_at",
                                Instant.ofEpochMilli(document.getUpdatedAt()).toString())));
    return IndexSetup.sink(hosts, emitter, maxActions, flushIntervalMs);
  }
}
