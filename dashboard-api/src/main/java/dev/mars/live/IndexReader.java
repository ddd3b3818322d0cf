package dev.mars.live;

import dev.mars.search.MessageSearch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The index reads of the live feed: cheap listings of what changed, then the documents. */
@Component
public class IndexReader {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final MessageSearch search;

  public IndexReader(MessageSearch search) {
    this.search = search;
  }

  /** One page of a listing, and where the next one starts (null after the last). */
  public record Page(List<Change> changes, JsonNode next) {}

  /**
   * A page of the documents with updated_at at or after {@code since}, oldest first: ids, versions
   * and times (updated_at, last_seen) only, so that re-reading the overlap costs little. With a
   * query, only what it matches. {@code after} is the previous page's {@code next}.
   */
  public Page list(long since, JsonNode query, int pageSize, JsonNode after) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", pageSize);
    body.put("_source", false);
    body.put("version", true);
    body.putArray("docvalue_fields")
        .addObject()
        .put("field", "last_seen")
        .put("format", "epoch_millis");
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter
        .addObject()
        .putObject("range")
        .putObject("updated_at")
        // Nothing was written before 1970, and Elasticsearch 7 refuses some negative epoch_millis
        // (-5174 failed: a client's since=0 less the overlap).
        .put("gte", Math.max(0, since))
        .put("format", "epoch_millis");
    if (query != null) {
      filter.add(query);
    }
    ArrayNode sort = body.putArray("sort");
    sort.addObject().put("updated_at", "asc");
    sort.addObject().put("app_id", "asc");
    sort.addObject().put("message_id", "asc");
    if (after != null) {
      body.set("search_after", after);
    }
    List<Change> listed = new ArrayList<>();
    JsonNode last = null;
    for (JsonNode hit : hits(body)) {
      listed.add(
          new Change(
              hit.path("_id").asString(),
              hit.path("_version").asLong(),
              hit.path("sort").path(0).asLong(),
              hit.path("fields").path("last_seen").path(0).asLong(0),
              null));
      last = hit.path("sort");
    }
    return new Page(listed, listed.size() < pageSize ? null : last);
  }

  /** The documents of these ids as they are now, with their versions. */
  public List<Change> read(Collection<String> ids) throws IOException {
    if (ids.isEmpty()) {
      return List.of();
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("size", ids.size());
    body.put("version", true);
    ArrayNode values = body.putObject("query").putObject("ids").putArray("values");
    ids.forEach(values::add);
    List<Change> read = new ArrayList<>();
    for (JsonNode hit : hits(body)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> document = JSON.convertValue(hit.path("_source"), LinkedHashMap.class);
      Object lastSeen = document.get("last_seen");
      read.add(
          new Change(
              hit.path("_id").asString(),
              hit.path("_version").asLong(),
              java.time.Instant.parse(String.valueOf(document.get("updated_at"))).toEpochMilli(),
              lastSeen == null ? 0 : java.time.Instant.parse(lastSeen.toString()).toEpochMilli(),
              document));
    }
    read.sort(java.util.Comparator.comparingLong(Change::updatedAt));
    return read;
  }

  /** Which of these ids the query matches, with the version it matched. */
  public Map<String, Long> matching(Collection<String> ids, JsonNode query) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", ids.size());
    body.put("_source", false);
    body.put("version", true);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    ArrayNode values = filter.addObject().putObject("ids").putArray("values");
    ids.forEach(values::add);
    filter.add(query);
    Map<String, Long> matching = new HashMap<>();
    for (JsonNode hit : hits(body)) {
      matching.put(hit.path("_id").asString(), hit.path("_version").asLong());
    }
    return matching;
  }

  /** Runs a query once, so that one Elasticsearch refuses is refused before it is used. */
  public void check(JsonNode query) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 0);
    body.put("terminate_after", 1);
    body.set("query", query);
    search.run(body);
  }

  private JsonNode hits(ObjectNode body) throws IOException {
    return search.run(body).map(r -> r.path("hits").path("hits")).orElse(JSON.createArrayNode());
  }
}
