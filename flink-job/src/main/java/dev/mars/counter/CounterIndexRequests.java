package dev.mars.counter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.index.BulkAction;
import dev.mars.index.BulkActions;
import java.time.Instant;
import java.util.Map;

/** Writes each counter's whole total under its key: one document per key, never a delta. */
public final class CounterIndexRequests implements BulkActions<CounterDocument> {

  /** The mappings of the counters' index. */
  public static final String MAPPINGS =
      """
      {
        "dynamic": false,
        "properties": {
          "key": {"type": "keyword"},
          "value": {"type": "long"},
          "updated_at": {"type": "date"}
        }
      }
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String index;

  public CounterIndexRequests(String index) {
    this.index = index;
  }

  @Override
  public BulkAction of(CounterDocument document) {
    try {
      return new BulkAction(
          index,
          document.getKey(),
          JSON.writeValueAsBytes(
              Map.of(
                  "key", document.getKey(),
                  "value", document.getValue(),
                  "updated_at", Instant.ofEpochMilli(document.getUpdatedAt()).toString())),
          document.getKey());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a counter document is always serializable", e);
    }
  }
}
