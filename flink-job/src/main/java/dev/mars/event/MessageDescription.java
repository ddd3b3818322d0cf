package dev.mars.event;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What events say about their message beyond its stages: {@code external_id} and {@code
 * attributes}. A Flink POJO; attributes are alternating keys and values, a type Flink serializes
 * without Kryo.
 */
public class MessageDescription {

  private static final String[] NONE = new String[0];

  private String externalId;
  private String[] attributes = NONE;

  public MessageDescription() {}

  public MessageDescription(String externalId, String[] attributes) {
    this.externalId = externalId;
    setAttributes(attributes);
  }

  /**
   * Takes what {@code newer} says: its external_id replaces this one, its attributes replace the
   * values of the same keys; new keys past {@link EventAttributes#MAX_ATTRIBUTES} are left out.
   *
   * @return whether anything changed
   */
  public boolean take(MessageDescription newer) {
    boolean changed = false;
    if (newer.externalId != null && !newer.externalId.equals(externalId)) {
      externalId = newer.externalId;
      changed = true;
    }
    if (newer.attributes.length == 0) {
      return changed;
    }
    Map<String, String> merged = asMap();
    boolean attributesChanged = false;
    for (int i = 0; i + 1 < newer.attributes.length; i += 2) {
      String key = newer.attributes[i];
      if (merged.containsKey(key) || merged.size() < EventAttributes.MAX_ATTRIBUTES) {
        attributesChanged |=
            !newer.attributes[i + 1].equals(merged.put(key, newer.attributes[i + 1]));
      }
    }
    if (attributesChanged) {
      String[] pairs = new String[merged.size() * 2];
      int at = 0;
      for (Map.Entry<String, String> attribute : merged.entrySet()) {
        pairs[at++] = attribute.getKey();
        pairs[at++] = attribute.getValue();
      }
      attributes = pairs;
    }
    return changed || attributesChanged;
  }

  /** The attributes by key, in the order they were first given. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      map.put(attributes[i], attributes[i + 1]);
    }
    return map;
  }

  public MessageDescription copy() {
    return new MessageDescription(externalId, attributes.clone());
  }

  public String getExternalId() {
    return externalId;
  }

  public void setExternalId(String externalId) {
    this.externalId = externalId;
  }

  /** Keys and values, alternating. */
  public String[] getAttributes() {
    return attributes;
  }

  public void setAttributes(String[] attributes) {
    this.attributes = attributes == null ? NONE : attributes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageDescription other
        && Objects.equals(externalId, other.externalId)
        && Arrays.equals(attributes, other.attributes);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(externalId) + Arrays.hashCode(attributes);
  }
}
