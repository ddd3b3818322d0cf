package dev.mars.search;

import dev.mars.access.Viewer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestHighLevelClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a search over the message documents: the checked query, the time range on last_seen, one
 * page after a cursor, the exact total up to a cap, and on the first page the aggregations the
 * dashboard draws (a histogram over last_seen, counts by app_id, status and missing stage).
 */
@Component
@SuppressWarnings("deprecation") // the 7.x high-level client is the one that speaks to 7.17
public class MessageSearch {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final RestClient client;
  private final SearchProperties properties;
  private final QueryLanguage language;

  public MessageSearch(RestHighLevelClient client, SearchProperties properties) {
    this.client = client.getLowLevelClient();
    this.properties = properties;
    this.language = new QueryLanguage(properties.maxQueryLength());
  }

  /** What a search asks for; {@code after} is the previous page's {@code next}, or null. */
  public record Criteria(
      String query, TimeRange range, SearchSort sort, int size, String after, Viewer viewer) {}

  public ObjectNode search(Criteria criteria) throws IOException {
    if (criteria.size() < 1 || criteria.size() > properties.maxPageSize()) {
      throw new InvalidRequestException(
          "size", "must be between 1 and " + properties.maxPageSize() + ", not " + criteria.size());
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("size", criteria.size());
    body.put("track_total_hits", properties.maxTotal());
    body.put("timeout", properties.timeout().toMillis() + "ms");
    body.putObject("_source").putArray("excludes").add("events");
    body.set("query", query(criteria.query(), criteria.range(), criteria.viewer()));
    ArrayNode sort = body.putArray("sort");
    sort.addObject()
        .putObject(criteria.sort().field())
        .put("order", criteria.sort().descending() ? "desc" : "asc")
        .put("missing", "_last");
    sort.addObject().put("app_id", "asc");
    sort.addObject().put("message_id", "asc");
    if (criteria.after() != null) {
      body.set("search_after", Cursor.read(criteria.after(), SearchSort.KEYS));
    } else {
      ObjectNode aggs = body.putObject("aggs");
      aggs.putObject("histogram")
          .putObject("auto_date_histogram")
          .put("field", "last_seen")
          .put("buckets", properties.histogramBuckets());
      aggs.putObject("app_id").putObject("terms").put("field", "app_id").put("size", 20);
      aggs.putObject("status").putObject("terms").put("field", "status").put("size", 10);
      aggs.putObject("missing").putObject("terms").put("field", "missing").put("size", 20);
      aggs.putObject("attributes")
          .putObject("terms")
          .put("field", "attribute_pairs")
          .put("size", 20);
    }
    return answer(run(body).orElse(null), criteria.size());
  }

  /**
   * The checked query, the time range on last_seen and the viewer's apps as an Elasticsearch query:
   * whatever the query says ({@code app_id:other}, wildcards), it finds only the viewer's apps.
   */
  public JsonNode query(String query, TimeRange range, Viewer viewer) {
    String checked = language.check(query);
    ObjectNode bool = JSON.createObjectNode();
    ArrayNode filter = bool.putObject("bool").putArray("filter");
    if (!viewer.everyApp()) {
      filter.add(viewer.appFilter());
    }
    if (checked != null) {
      ObjectNode queryString = filter.addObject().putObject("query_string");
      queryString.put("query", checked);
      ArrayNode fields = queryString.putArray("fields");
      QueryLanguage.DEFAULT_FIELDS.forEach(fields::add);
      queryString.put("allow_leading_wildcard", false);
      queryString.put("analyze_wildcard", false);
    }
    if (range != null && !range.isOpen()) {
      ObjectNode lastSeen = filter.addObject().putObject("range").putObject("last_seen");
      if (range.from() != null) {
        lastSeen.put("gte", range.from());
      }
      if (range.to() != null) {
        lastSeen.put("lte", range.to());
      }
    }
    return bool;
  }

  /**
   * Runs a search body on the index; empty when the index does not exist yet. Elasticsearch
   * refusing the query (a date it cannot parse, say) is a bad request, not an outage.
   */
  public Optional<JsonNode> run(JsonNode body) throws IOException {
    return runOn(properties.index(), body);
  }

  /** The same on another index of Mars's ({@code <index>.progress}). */
  public Optional<JsonNode> runOn(String index, JsonNode body) throws IOException {
    Request request = new Request("POST", "/" + index + "/_search");
    request.addParameter("ignore_unavailable", "true");
    request.setJsonEntity(JSON.writeValueAsString(body));
    try {
      try (InputStream in = client.performRequest(request).getEntity().getContent()) {
        return Optional.of(JSON.readTree(in));
      }
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status == 400) {
        throw new InvalidRequestException("q", "Elasticsearch cannot run it: " + reason(e));
      }
      throw e;
    }
  }

  /**
   * Makes every write Elasticsearch has taken on the index searchable now, instead of at its next
   * scheduled refresh; a missing index holds nothing to refresh.
   */
  public void refresh() throws IOException {
    Request request = new Request("POST", "/" + properties.index() + "/_refresh");
    request.addParameter("ignore_unavailable", "true");
    request.addParameter("allow_no_indices", "true");
    client.performRequest(request).getEntity().getContent().close();
  }

  private static String reason(ResponseException e) {
    try (InputStream in = e.getResponse().getEntity().getContent()) {
      JsonNode error = JSON.readTree(in).path("error");
      JsonNode cause = error.path("root_cause").path(0);
      String reason = cause.path("reason").asString(error.path("reason").asString(""));
      JsonNode deeper = error.path("caused_by").path("caused_by").path("reason");
      return deeper.isMissingNode() ? reason : reason + ": " + deeper.asString();
    } catch (IOException | RuntimeException unreadable) {
      return e.getMessage();
    }
  }

  private static ObjectNode answer(JsonNode response, int size) {
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode total = answer.putObject("total");
    ArrayNode hits = answer.putArray("hits");
    if (response == null) {
      total.put("value", 0).put("relation", "eq");
      answer.putNull("next");
      return answer;
    }
    JsonNode found = response.path("hits");
    total.put("value", found.path("total").path("value").asLong());
    total.put("relation", found.path("total").path("relation").asString("eq"));
    JsonNode last = null;
    for (JsonNode hit : found.path("hits")) {
      ObjectNode document = hits.addObject();
      document.put("id", hit.path("_id").asString());
      document.setAll((ObjectNode) hit.path("_source"));
      last = hit;
    }
    if (last != null && hits.size() == size) {
      answer.put("next", Cursor.of(last.path("sort")));
    } else {
      answer.putNull("next");
    }
    JsonNode aggregations = response.path("aggregations");
    if (!aggregations.isMissingNode()) {
      ObjectNode aggs = answer.putObject("aggregations");
      JsonNode histogram = aggregations.path("histogram");
      ObjectNode drawn = aggs.putObject("histogram");
      drawn.put("interval", histogram.path("interval").asString(""));
      ArrayNode buckets = drawn.putArray("buckets");
      for (JsonNode bucket : histogram.path("buckets")) {
        buckets
            .addObject()
            .put("at", bucket.path("key_as_string").asString())
            .put("count", bucket.path("doc_count").asLong());
      }
      for (String terms : new String[] {"app_id", "status", "missing", "attributes"}) {
        ArrayNode counts = aggs.putArray(terms);
        for (JsonNode bucket : aggregations.path(terms).path("buckets")) {
          counts
              .addObject()
              .put("key", bucket.path("key").asString())
              .put("count", bucket.path("doc_count").asLong());
        }
      }
    }
    return answer;
  }
}
