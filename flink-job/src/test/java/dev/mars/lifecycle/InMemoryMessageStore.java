package dev.mars.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.index.DocumentJson;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The index as a map of the documents written, read back the way Elasticsearch's store does. */
final class InMemoryMessageStore implements MessageStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, byte[]> documents = new HashMap<>();
  private int loads;

  void written(MessageDocument document) {
    documents.put(document.getIndex() + "/" + document.getId(), DocumentJson.toBytes(document));
  }

  int loads() {
    return loads;
  }

  @Override
  public Optional<MessageState> load(String index, String documentId) throws IOException {
    loads++;
    byte[] source = documents.get(index + "/" + documentId);
    return source == null
        ? Optional.empty()
        : Optional.of(DocumentJson.toState(JSON.readTree(source), index));
  }
}
