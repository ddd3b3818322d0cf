package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.lifecycle.MessageState;
import dev.mars.lifecycle.MessageStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads message documents back by id, from every monthly index at once (a search on the alias): one
 * request for all the messages a window brings for the first time.
 */
public final class ElasticsearchMessageStore implements MessageStore {

  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchMessageStore.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Few enough that an answer stays far below the client's 100 MB response limit even for messages
   * at their limit of events.
   */
  private static final int IDS_PER_REQUEST = 100;

  private final ElasticsearchConnection elasticsearch;
  private final String alias;
  private transient RestClient client;

  /**
   * @param elasticsearch where Elasticsearch is, and how to reach it
   * @param alias the alias over the message indices
   */
  public ElasticsearchMessageStore(ElasticsearchConnection elasticsearch, String alias) {
    this.elasticsearch = elasticsearch;
    this.alias = alias;
  }

  @Override
  public void open() {
    client = elasticsearch.client();
  }

  @Override
  public Map<String, MessageState> load(Collection<String> documentIds) throws IOException {
    Map<String, MessageState> found = new HashMap<>();
    List<String> ids = new ArrayList<>(documentIds);
    for (int from = 0; from < ids.size(); from += IDS_PER_REQUEST) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_REQUEST));
      ObjectNode query = JSON.createObjectNode();
      ArrayNode values = query.putObject("query").putObject("ids").putArray("values");
      chunk.forEach(values::add);
      query.put("size", chunk.size() * 2); // room to notice a message in two indices
      Request search = new Request("POST", "/" + alias + "/_search");
      // "Not found" must mean not there: a lookup that could not ask every index fails instead.
      search.addParameter("allow_partial_search_results", "false");
      search.setJsonEntity(JSON.writeValueAsString(query));
      Response response;
      try {
        response = client.performRequest(search);
      } catch (ResponseException e) {
        if (e.getResponse().getStatusLine().getStatusCode() == 404) {
          continue; // the alias does not exist yet: it holds nothing
        }
        throw e;
      }
      try (InputStream body = response.getEntity().getContent()) {
        JsonNode answer = JSON.readTree(body);
        if (answer.path("timed_out").asBoolean()
            || answer.path("_shards").path("failed").asInt() > 0) {
          throw new IOException("looking up message documents reached only part of " + alias);
        }
        for (JsonNode hit : answer.path("hits").path("hits")) {
          MessageState stored;
          try {
            stored = DocumentJson.toState(hit.get("_source"), hit.get("_index").asText());
          } catch (RuntimeException unreadable) {
            // Not a document this job wrote (someone else wrote to the index): the message
            // starts afresh and its next write replaces it.
            LOG.warn(
                "Message document {} in {} is unreadable, replaced: {}",
                hit.get("_id").asText(),
                hit.get("_index").asText(),
                unreadable.toString());
            continue;
          }
          MessageState other = found.putIfAbsent(hit.get("_id").asText(), stored);
          if (other != null) {
            // Should never be; kept visible for an operator, and the fuller copy wins.
            LOG.warn(
                "Message document {} is in both {} and {}",
                hit.get("_id").asText(),
                other.getIndex(),
                stored.getIndex());
            if (stored.getEvents().size() > other.getEvents().size()) {
              found.put(hit.get("_id").asText(), stored);
            }
          }
        }
      }
    }
    return found;
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      client.close();
    }
  }
}
