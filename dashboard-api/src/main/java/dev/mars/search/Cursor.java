package dev.mars.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** The opaque {@code after} of deep paging: a hit's sort values, for search_after. */
public final class Cursor {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private Cursor() {}

  public static String of(JsonNode sortValues) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(JSON.writeValueAsString(sortValues).getBytes(StandardCharsets.UTF_8));
  }

  /** The sort values in a cursor made by {@link #of}, for a sort of {@code length} keys. */
  public static ArrayNode read(String cursor, int length) {
    try {
      JsonNode values = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
      if (values instanceof ArrayNode array
          && array.size() == length
          && array.valueStream().allMatch(JsonNode::isValueNode)) {
        return array;
      }
    } catch (IllegalArgumentException | JacksonException e) {
      // answered below
    }
    throw new InvalidRequestException(
        "after", "is not a cursor from this search: pass the \"next\" of the previous page as is");
  }
}
