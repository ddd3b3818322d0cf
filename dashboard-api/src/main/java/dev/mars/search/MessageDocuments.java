package dev.mars.search;

import dev.mars.access.Viewer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads one message's document from the index. */
@Component
public class MessageDocuments {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MessageSearch search;

  public MessageDocuments(MessageSearch search) {
    this.search = search;
  }

  /**
   * The document of a message, its fields in stored order (stages stay in time order); when several
   * apps used the same message id and none is named, the one updated last; only among the viewer's
   * apps.
   */
  public Optional<JsonNode> find(String messageId, String appId, Viewer viewer) throws IOException {
    ObjectNode body = byMessageId(messageId, appId, viewer, 1);
    body.putArray("sort").addObject().put("updated_at", "desc");
    return search
        .run(body)
        .map(answer -> answer.path("hits").path("hits").path(0).path("_source"))
        .filter(JsonNode::isObject);
  }

  /**
   * The documents of every app (among the viewer's) that used this message id, up to {@code max}.
   */
  public List<JsonNode> all(String messageId, Viewer viewer, int max) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    search
        .run(byMessageId(messageId, null, viewer, max))
        .ifPresent(
            answer ->
                answer.path("hits").path("hits").forEach(h -> documents.add(h.path("_source"))));
    return documents;
  }

  /** A search for a message id's documents, of one app when named, among the viewer's apps. */
  private static ObjectNode byMessageId(String messageId, String appId, Viewer viewer, int size) {
    ObjectNode body = JSON.createObjectNode();
    body.put("size", size);
    ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
    filter.addObject().putObject("term").put("message_id", messageId);
    if (appId != null) {
      filter.addObject().putObject("term").put("app_id", appId);
    }
    if (!viewer.everyApp()) {
      filter.add(viewer.appFilter());
    }
    return body;
  }
}
