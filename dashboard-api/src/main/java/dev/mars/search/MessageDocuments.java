package dev.mars.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.sort.SortOrder;
import org.elasticsearch.xcontent.XContentType;
import org.springframework.stereotype.Component;

/** Reads message documents from the index. */
@Component
@SuppressWarnings("deprecation") // the 7.x high-level client is the one that speaks to 7.17
public class MessageDocuments {

  private final RestHighLevelClient client;
  private final SearchProperties properties;

  public MessageDocuments(RestHighLevelClient client, SearchProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  /**
   * The document of a message; when several apps used the same message id and none is named, the
   * one updated last.
   */
  public Optional<Map<String, Object>> find(String messageId, String appId) throws IOException {
    BoolQueryBuilder query =
        QueryBuilders.boolQuery().filter(QueryBuilders.termQuery("message_id", messageId));
    if (appId != null) {
      query.filter(QueryBuilders.termQuery("app_id", appId));
    }
    SearchSourceBuilder source =
        new SearchSourceBuilder().query(query).size(1).sort("updated_at", SortOrder.DESC);
    List<SearchHit> hits = search(source);
    return hits.isEmpty() ? Optional.empty() : Optional.of(source(hits.get(0)));
  }

  /** A hit's document with its fields in stored order (stages stay in time order). */
  public static Map<String, Object> source(SearchHit hit) {
    return XContentHelper.convertToMap(hit.getSourceRef(), true, XContentType.JSON).v2();
  }

  /** Runs a search on the index; an index that does not exist yet holds nothing. */
  public List<SearchHit> search(SearchSourceBuilder source) throws IOException {
    try {
      SearchResponse response =
          client.search(
              new SearchRequest(properties.index()).source(source), RequestOptions.DEFAULT);
      return new ArrayList<>(List.of(response.getHits().getHits()));
    } catch (ElasticsearchStatusException e) {
      if (e.status() == RestStatus.NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }
}
