package dev.mars.ingest.grpc;

import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.marsweb.EventRequest;
import dev.mars.ingest.RequestMemory;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts a gRPC event in the JSON shape the HTTP API takes, so both are read by the same rules. An
 * empty proto3 string is an absent field.
 */
final class GrpcEvents {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private GrpcEvents() {}

  /** The request as JSON, its estimated size added to {@code reserved}. */
  static ObjectNode toJson(EventRequest request, RequestMemory.Reservation reserved) {
    ObjectNode json = toJson(request);
    reserved.add(RequestMemory.estimate(json));
    return json;
  }

  /** The event as JSON, its estimated size added to {@code reserved}. */
  static JsonNode toJson(Event event, RequestMemory.Reservation reserved) {
    JsonNode json = toJson(event);
    reserved.add(RequestMemory.estimate(json));
    return json;
  }

  static ObjectNode toJson(EventRequest request) {
    ObjectNode node = JSON.objectNode();
    put(node, "app_id", request.getAppId());
    put(node, "message_id", request.getMessageId());
    put(node, "event", request.getEvent());
    put(node, "created_at", request.getCreatedAt());
    return node;
  }

  static JsonNode toJson(Event event) {
    ObjectNode node = JSON.objectNode();
    put(node, "app_id", event.getAppId());
    put(node, "message_id", event.getMessageId());
    put(node, "event", event.getEvent());
    put(node, "created_at", event.getCreatedAt());
    put(node, "event_id", event.getEventId());
    put(node, "external_id", event.getExternalId());
    if (event.getAttributesCount() > 0) {
      ObjectNode attributes = node.putObject("attributes");
      for (Map.Entry<String, String> entry : event.getAttributesMap().entrySet()) {
        attributes.put(entry.getKey(), entry.getValue());
      }
    }
    return node;
  }

  private static void put(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }
}
