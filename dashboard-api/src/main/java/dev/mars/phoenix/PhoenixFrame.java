package dev.mars.phoenix;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One message of the Phoenix WebSocket protocol, version 2 serializer: a JSON array {@code
 * [join_ref, ref, topic, event, payload]}. The refs are the client's own strings (or null).
 */
record PhoenixFrame(String joinRef, String ref, String topic, String event, JsonNode payload) {

  /** Longest ref, topic or event taken; longer ones are refused. */
  static final int MAX_TEXT = 512;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The frame in {@code text}, or an {@link IllegalArgumentException} saying what is wrong. */
  static PhoenixFrame parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a frame must be JSON");
    }
    if (!node.isArray() || node.size() != 5) {
      throw new IllegalArgumentException(
          "a frame must be [join_ref, ref, topic, event, payload] (Phoenix serializer 2.0.0)");
    }
    return new PhoenixFrame(
        ref(node.get(0), "join_ref"),
        ref(node.get(1), "ref"),
        text(node.get(2), "topic"),
        text(node.get(3), "event"),
        node.get(4));
  }

  /** A reply to {@code request}, as Phoenix sends it. */
  static PhoenixFrame reply(PhoenixFrame request, String status, JsonNode response) {
    return new PhoenixFrame(
        request.joinRef(),
        request.ref(),
        request.topic(),
        "phx_reply",
        JsonNodeFactory.instance.objectNode().put("status", status).set("response", response));
  }

  /** A push from the server to a joined topic. */
  static PhoenixFrame push(String joinRef, String topic, String event, JsonNode payload) {
    return new PhoenixFrame(joinRef, null, topic, event, payload);
  }

  String toJson() {
    ArrayNode array = JSON.createArrayNode();
    array.add(joinRef).add(ref).add(topic).add(event).add(payload);
    return JSON.writeValueAsString(array);
  }

  private static String ref(JsonNode node, String name) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.asString();
    }
    return text(node, name);
  }

  private static String text(JsonNode node, String name) {
    if (node == null || !node.isString()) {
      throw new IllegalArgumentException(name + " must be a string");
    }
    if (node.asString().length() > MAX_TEXT) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_TEXT + " characters");
    }
    return node.asString();
  }
}
