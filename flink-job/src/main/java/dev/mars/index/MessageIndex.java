package dev.mars.index;

import dev.mars.lifecycle.MessageDocument;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.elasticsearch.sink.Elasticsearch7SinkBuilder;
import org.apache.http.HttpHost;

/** The Elasticsearch index of message documents: its mapping, and the sink that writes it. */
public final class MessageIndex {

  private static final String MAPPING =
      """
      {
        "settings": {"number_of_shards": %d, "number_of_replicas": %d},
        "mappings": {
          "dynamic": false,
          "properties": {
            "app_id": {"type": "keyword"},
            "message_id": {"type": "keyword"},
            "events": {
              "properties": {
                "event": {"type": "keyword"},
                "created_at": {"type": "date"}
              }
            },
            "first_seen": {"type": "date"},
            "last_seen": {"type": "date"},
            "event_count": {"type": "integer"},
            "updated_at": {"type": "date"}
          }
        }
      }
      """;

  private final List<HttpHost> hosts;
  private final String name;
  private final int shards;
  private final int replicas;

  public MessageIndex(List<URI> hosts, String name, int shards, int replicas) {
    this.hosts = IndexSetup.toHosts(hosts);
    this.name = name;
    this.shards = shards;
    this.replicas = replicas;
  }

  /** Creates the index with its mapping unless it exists. Safe to call from every start. */
  public void ensureExists() throws IOException {
    IndexSetup.ensureExists(hosts, name, MAPPING.formatted(shards, replicas));
  }

  /**
   * Bulk writes that flush at least every {@code flushIntervalMs} and on every checkpoint, so no
   * document of a completed checkpoint is lost.
   */
  public Sink<MessageDocument> sink(int maxActions, long flushIntervalMs) {
    return new Elasticsearch7SinkBuilder<MessageDocument>()
        .setHosts(hosts.toArray(HttpHost[]::new))
        .setEmitter(new MessageIndexRequests(name))
        .setBulkFlushMaxActions(maxActions)
        .setBulkFlushInterval(flushIntervalMs)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  public String name() {
    return name;
  }
}
