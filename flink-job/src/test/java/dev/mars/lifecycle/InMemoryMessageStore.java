package dev.mars.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.index.DocumentJson;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The index as a map of the documents written, read back the way Elasticsearch's store does. */
final class InMemoryMessageStore implements MessageStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, byte[]> documents = new HashMap<>();
  private int loads;

  void written(MessageDocument document) {
    documents.put(document.getIndex() + "/" + document.getId(), DocumentJson.toBytes(document));
  }

  /** Requests made: each asks for the unknown messages of one window. */
  int loads() {
    return loads;
  }

  @Override
  public Map<String, MessageState> load(Collection<String> documentIds) throws IOException {
    loads++;
    Map<String, MessageState> found = new HashMap<>();
    for (Map.Entry<String, byte[]> document : documents.entrySet()) {
      String[] indexAndId = document.getKey().split("/");
      if (documentIds.contains(indexAndId[1])) {
        found.put(
            indexAndId[1], DocumentJson.toState(JSON.readTree(document.getValue()), indexAndId[0]));
      }
    }
    return found;
  }
}
