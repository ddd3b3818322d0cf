package dev.mars.index;

import dev.mars.lifecycle.MessageDocument;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
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
            "stages": {"type": "object", "dynamic": true},
            "stage_durations_ms": {"type": "object", "dynamic": true},
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

  /** Writes each document whole under its deterministic id. */
  public Sink<MessageDocument> sink(int maxActions, long flushIntervalMs) {
    return IndexSetup.sink(hosts, new MessageIndexRequests(name), maxActions, flushIntervalMs);
  }

  public String name() {
    return name;
  }
}
