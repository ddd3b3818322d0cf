package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.lifecycle.IndexBuckets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monthly indices behind one alias: an index template gives every {@code <alias>-yyyy.MM} index the
 * mappings and the alias as it is created (by the first document of its month), so readers search
 * the alias and retention drops whole months.
 */
public final class BucketedIndex {

  private static final Logger LOG = LoggerFactory.getLogger(BucketedIndex.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ElasticsearchConnection elasticsearch;
  private final IndexBuckets buckets;
  private final String mappings;
  private final int shards;
  private final int replicas;

  public BucketedIndex(
      ElasticsearchConnection elasticsearch,
      IndexBuckets buckets,
      String mappings,
      int shards,
      int replicas) {
    this.elasticsearch = elasticsearch;
    this.buckets = buckets;
    this.mappings = mappings;
    this.shards = shards;
    this.replicas = replicas;
  }

  /**
   * Puts the index template (every start: mappings may have grown) and creates the current month's
   * index, so the alias exists before the first message. Refuses to start over a concrete index
   * that has the alias's name, which an older Mars created.
   */
  public void ensureExists(long now) throws IOException {
    String alias = buckets.alias();
    try (RestClient client = elasticsearch.client()) {
      if (status(client, "HEAD", "/" + alias) == 200
          && status(client, "HEAD", "/_alias/" + alias) == 404) {
        throw new IllegalStateException(
            "index "
                + alias
                + " is a single index from an older Mars; messages now live in monthly indices"
                + " behind an alias of that name. Delete it (curl -X DELETE <elasticsearch>/"
                + alias
                + ") or choose another elasticsearch.index");
      }
      Request template = new Request("PUT", "/_index_template/" + alias);
      template.setJsonEntity(
          """
          {"index_patterns": ["%s"],
           "template": {
             "settings": {"number_of_shards": %d, "number_of_replicas": %d},
             "mappings": %s,
             "aliases": {"%s": {}}}}"""
              .formatted(buckets.pattern(), shards, replicas, mappings, alias));
      client.performRequest(template);
      addNewFieldsToExistingIndices(client);
      String current = buckets.bucketFor(now);
      if (status(client, "HEAD", "/" + current) == 404) {
        try {
          client.performRequest(new Request("PUT", "/" + current));
          LOG.info("Created index {} behind alias {}", current, alias);
        } catch (ResponseException e) {
          if (!e.getMessage().contains("resource_already_exists_exception")) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * Indices an older Mars created keep their mappings (a mapping cannot change in place), but
   * fields this version added are added to them, so that searches on those fields find their new
   * documents too, and their stage fields stop growing with each new stage name.
   */
  private void addNewFieldsToExistingIndices(RestClient client) throws IOException {
    JsonNode wanted = JSON.readTree(mappings).path("properties");
    JsonNode existing =
        JSON.readTree(
            client
                .performRequest(new Request("GET", "/" + buckets.pattern() + "/_mapping"))
                .getEntity()
                .getContent());
    for (Map.Entry<String, JsonNode> index : existing.properties()) {
      JsonNode has = index.getValue().path("mappings").path("properties");
      ObjectNode added = JSON.createObjectNode();
      wanted
          .fields()
          .forEachRemaining(
              field -> {
                if (!has.has(field.getKey())) {
                  added.set(field.getKey(), field.getValue());
                }
              });
      for (String sourceOnly : List.of("stages", "stage_durations_ms")) {
        JsonNode mapped = has.path(sourceOnly);
        if (!mapped.isMissingNode() && !mapped.path("enabled").isBoolean()) {
          // Mapped field by field by an older Mars: map no more of them.
          added.putObject(sourceOnly).put("type", "object").put("dynamic", false);
        }
      }
      if (!added.isEmpty()) {
        Request put = new Request("PUT", "/" + index.getKey() + "/_mapping");
        put.setJsonEntity(JSON.createObjectNode().set("properties", added).toString());
        client.performRequest(put);
        List<String> names = new ArrayList<>();
        added.fieldNames().forEachRemaining(names::add);
        LOG.info("Added fields {} to index {}", names, index.getKey());
      }
    }
  }

  private static int status(RestClient client, String method, String path) throws IOException {
    try {
      return client.performRequest(new Request(method, path)).getStatusLine().getStatusCode();
    } catch (ResponseException e) {
      return e.getResponse().getStatusLine().getStatusCode();
    }
  }
}
