package dev.mars;

import dev.mars.event.MessageMappings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message index of a test's own, with the job's mappings, and documents shaped like the job's.
 */
public final class MessageIndex {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String elasticsearch;
  private final String name;

  private MessageIndex(String elasticsearch, String name) {
    this.elasticsearch = elasticsearch;
    this.name = name;
  }

  public static MessageIndex create(String elasticsearch) {
    MessageIndex index = new MessageIndex(elasticsearch, "messages-" + UUID.randomUUID());
    index.send(
        "PUT",
        "/" + index.name,
        "{\"settings\":{\"number_of_replicas\":0},\"mappings\":" + MessageMappings.json() + "}");
    return index;
  }

  public String name() {
    return name;
  }

  /** A document of the job's shape, for {@link #put}. */
  public static Message message(String appId, String messageId) {
    return new Message(appId, messageId);
  }

  public static final class Message {
    private final String appId;
    private final String messageId;
    private final List<String[]> events = new ArrayList<>();
    private String status = "in_progress";
    private final List<String> missing = new ArrayList<>();
    private Instant updatedAt = Instant.now();
    private final java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
    private String externalId;

    private Message(String appId, String messageId) {
      this.appId = appId;
      this.messageId = messageId;
    }

    public Message event(String event, Instant createdAt) {
      events.add(new String[] {event, createdAt.toString()});
      return this;
    }

    public Message status(String status, String... missing) {
      this.status = status;
      this.missing.addAll(List.of(missing));
      return this;
    }

    /** An attribute as the job writes it: in the source, and as a key=value term. */
    public Message attribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    public Message externalId(String externalId) {
      this.externalId = externalId;
      return this;
    }

    public Message updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public String id() {
      return appId + "--" + messageId;
    }

    String json() {
      ObjectNode root = JSON.createObjectNode();
      root.put("app_id", appId).put("message_id", messageId).put("status", status);
      missing.forEach(root.putArray("missing")::add);
      root.putArray("late");
      root.putArray("out_of_order");
      root.putNull("stuck_since");
      var array = root.putArray("events");
      ObjectNode stages = JSON.createObjectNode();
      ObjectNode durations = JSON.createObjectNode();
      Instant previous = null;
      for (String[] event : events) {
        array
            .addObject()
            .put("event_id", event[0] + "-id")
            .put("event", event[0])
            .put("created_at", event[1]);
        Instant at = Instant.parse(event[1]);
        stages.put(event[0], event[1]);
        durations.put(event[0], previous == null ? 0 : at.toEpochMilli() - previous.toEpochMilli());
        previous = at;
      }
      var stageNames = root.putArray("stage_names");
      events.stream().map(event -> event[0]).distinct().forEach(stageNames::add);
      root.set("stages", stages);
      root.set("stage_durations_ms", durations);
      root.put("first_seen", events.isEmpty() ? updatedAt.toString() : events.get(0)[1]);
      root.put(
          "last_seen", events.isEmpty() ? updatedAt.toString() : events.get(events.size() - 1)[1]);
      root.put("event_count", events.size());
      root.put("status_changes", 0);
      if (externalId != null) {
        root.put("external_id", externalId);
      }
      if (!attributes.isEmpty()) {
        ObjectNode shown = root.putObject("attributes");
        var pairs = root.putArray("attribute_pairs");
        attributes.forEach(
            (key, value) -> {
              shown.put(key, value);
              pairs.add(key + "=" + value);
            });
      }
      root.put("updated_at", updatedAt.toString());
      return JSON.writeValueAsString(root);
    }
  }

  /** Writes documents (under their ids) and makes them searchable. */
  public void put(Message... messages) {
    send("POST", "/" + name + "/_bulk?refresh=true", bulk(messages));
  }

  /** Writes documents without waiting for a refresh: they become visible later. */
  public void putUnrefreshed(Message... messages) {
    send("POST", "/" + name + "/_bulk", bulk(messages));
  }

  private static String bulk(Message... messages) {
    StringBuilder bulk = new StringBuilder();
    for (Message message : messages) {
      bulk.append("{\"index\":{\"_id\":\"").append(message.id()).append("\"}}\n");
      bulk.append(message.json()).append('\n');
    }
    return bulk.toString();
  }

  /** A document sink subtask's progress, as the job writes it to {@code <index>.progress}. */
  public void sinkProgress(int subtask, int parallelism, Instant writtenThrough) {
    send(
        "PUT",
        "/" + name + ".progress/_doc/sink-" + subtask + "?refresh=true",
        "{\"subtask\":%d,\"parallelism\":%d,\"updated_at\":\"%s\"}"
            .formatted(subtask, parallelism, writtenThrough));
  }

  public void deleteSinkProgress() {
    send("DELETE", "/" + name + ".progress", "");
  }

  public void settings(String json) {
    send("PUT", "/" + name + "/_settings", json);
  }

  public void refresh() {
    send("POST", "/" + name + "/_refresh", "");
  }

  private void send(String method, String path, String body) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(elasticsearch + path))
                  .header(
                      "Content-Type",
                      path.contains("_bulk") ? "application/x-ndjson" : "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300 || response.body().contains("\"errors\":true")) {
        throw new IllegalStateException(method + " " + path + ": " + response.body());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
