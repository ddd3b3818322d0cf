package dev.mars.index;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.elasticsearch.sink.Elasticsearch7SinkBuilder;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the job's indices with their mappings, and the sinks that write them. */
public final class IndexSetup {

  private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);

  private IndexSetup() {}

  public static List<HttpHost> toHosts(List<URI> hosts) {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("at least one Elasticsearch host is needed");
    }
    return hosts.stream().map(u -> new HttpHost(u.getHost(), u.getPort(), u.getScheme())).toList();
  }

  /**
   * Bulk writes that flush at least every {@code flushIntervalMs} and on every checkpoint, so no
   * document of a completed checkpoint is lost.
   */
  public static <T> Sink<T> sink(
      List<HttpHost> hosts, ElasticsearchEmitter<T> emitter, int maxActions, long flushIntervalMs) {
    return new Elasticsearch7SinkBuilder<T>()
        .setHosts(hosts.toArray(HttpHost[]::new))
        .setEmitter(emitter)
        .setBulkFlushMaxActions(maxActions)
        .setBulkFlushInterval(flushIntervalMs)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }

  /** Safe to call from every start, and from several at once. */
  public static void ensureExists(List<HttpHost> hosts, String index, String settingsAndMappings)
      throws IOException {
    try (RestClient client = RestClient.builder(hosts.toArray(HttpHost[]::new)).build()) {
      if (client.performRequest(new Request("HEAD", "/" + index)).getStatusLine().getStatusCode()
          == 200) {
        return;
      }
      Request create = new Request("PUT", "/" + index);
      create.setJsonEntity(settingsAndMappings);
      try {
        client.performRequest(create);
        LOG.info("Created index {}", index);
      } catch (ResponseException e) {
        if (!e.getMessage().contains("resource_already_exists_exception")) {
          throw e;
        }
      }
    }
  }
}
