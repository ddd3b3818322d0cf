package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.lifecycle.MessageState;
import dev.mars.lifecycle.MessageStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.apache.http.HttpHost;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** Reads a message's document back from its index, by id. */
public final class ElasticsearchMessageStore implements MessageStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> hosts;
  private transient RestClient client;

  /**
   * @param hosts Elasticsearch URLs, e.g. http://127.0.0.1:9200
   */
  public ElasticsearchMessageStore(List<String> hosts) {
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public void open() {
    client =
        RestClient.builder(hosts.stream().map(HttpHost::create).toArray(HttpHost[]::new)).build();
  }

  @Override
  public Optional<MessageState> load(String index, String documentId) throws IOException {
    Response response;
    try {
      response = client.performRequest(new Request("GET", "/" + index + "/_doc/" + documentId));
    } catch (ResponseException e) {
      if (e.getResponse().getStatusLine().getStatusCode() == 404) {
        return Optional.empty(); // the document, or its whole index, is gone
      }
      throw e;
    }
    try (InputStream body = response.getEntity().getContent()) {
      JsonNode found = JSON.readTree(body);
      return found.path("found").asBoolean()
          ? Optional.of(DocumentJson.toState(found.get("_source"), index))
          : Optional.empty();
    }
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      client.close();
    }
  }
}
