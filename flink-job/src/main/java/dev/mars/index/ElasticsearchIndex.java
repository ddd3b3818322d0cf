package dev.mars.index;

import dev.mars.elasticsearch.ElasticsearchConnection;
import java.io.IOException;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An index the job writes: created with its mappings at start. */
public final class ElasticsearchIndex {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchIndex.class);

  private final ElasticsearchConnection elasticsearch;
  private final String name;
  private final String mappings;
  private final int shards;
  private final int replicas;

  /**
   * @param mappings the index's {@code "mappings"} object, as JSON
   */
  public ElasticsearchIndex(
      ElasticsearchConnection elasticsearch,
      String name,
      String mappings,
      int shards,
      int replicas) {
    this.elasticsearch = elasticsearch;
    this.name = name;
    this.mappings = mappings;
    this.shards = shards;
    this.replicas = replicas;
  }

  public String name() {
    return name;
  }

  /**
   * Creates the index unless it exists. Safe to call from every start, and from several at once.
   */
  public void ensureExists() throws IOException {
    try (RestClient client = elasticsearch.client()) {
      if (client.performRequest(new Request("HEAD", "/" + name)).getStatusLine().getStatusCode()
          == 200) {
        return;
      }
      Request create = new Request("PUT", "/" + name);
      create.setJsonEntity(
          """
          {"settings": {"number_of_shards": %d, "number_of_replicas": %d}, "mappings": %s}"""
              .formatted(shards, replicas, mappings));
      try {
        client.performRequest(create);
        LOG.info("Created index {} ({} shards, {} replicas)", name, shards, replicas);
      } catch (ResponseException e) {
        if (!e.getMessage().contains("resource_already_exists_exception")) {
          throw e;
        }
      }
    }
  }
}
