package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.event.EventAttributes;
import dev.mars.event.EventParser;
import dev.mars.event.MessageDescription;
import dev.mars.lifecycle.MessageDocument;
import dev.mars.lifecycle.MessageState;
import dev.mars.lifecycle.RecordedChange;
import dev.mars.lifecycle.RecordedEvent;
import dev.mars.lifecycle.StageTimes;
import dev.mars.lifecycle.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON source of a message document, as the dashboard reads it, and back. */
public final class DocumentJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DocumentJson() {}

  public static ObjectNode toJson(MessageDocument document) {
    ObjectNode root = JSON.createObjectNode();
    root.put("app_id", document.getAppId());
    root.put("message_id", document.getMessageId());
    root.put("status", document.getStatus());
    strings(root.putArray("missing"), document.getMissing());
    strings(root.putArray("late"), document.getLate());
    strings(root.putArray("out_of_order"), document.getOutOfOrder());
    if (document.getStuckSince() != Verdict.NONE) {
      root.put("stuck_since", EventParser.formatTime(document.getStuckSince()));
    } else {
      root.putNull("stuck_since");
    }
    ArrayNode events = root.putArray("events");
    for (RecordedEvent event : document.getEvents()) {
      events
          .addObject()
          .put("event_id", event.getEventId())
          .put("event", event.getEvent())
          .put("created_at", EventParser.formatTime(event.getCreatedAt()));
    }
    StageTimes times = new StageTimes(document.getEvents());
    // Stage names are the clients' text: values of stage_names, never field names the index maps
    // (stages and stage_durations_ms are kept in the source only).
    Map<String, Long> firstSeen = times.firstSeen();
    strings(root.putArray("stage_names"), List.copyOf(firstSeen.keySet()));
    ObjectNode stages = root.putObject("stages");
    firstSeen.forEach((stage, at) -> stages.put(stage, EventParser.formatTime(at)));
    ObjectNode durations = root.putObject("stage_durations_ms");
    times.sincePrevious().forEach(durations::put);
    MessageDescription description = document.getDescription();
    if (description.getExternalId() != null) {
      root.put("external_id", description.getExternalId());
    }
    Map<String, String> attributes = description.asMap();
    if (!attributes.isEmpty()) {
      // Shown as an object; searched as key=value terms, so that no client can add fields to the
      // index's mapping (attributes.<key>:<value> in a search is rewritten to attribute_pairs).
      ObjectNode shown = root.putObject("attributes");
      ArrayNode pairs = root.putArray("attribute_pairs");
      attributes.forEach(
          (key, value) -> {
            shown.put(key, value);
            pairs.add(EventAttributes.pair(key, value));
          });
    }
    root.put("first_seen", EventParser.formatTime(document.getFirstSeen()));
    root.put("last_seen", EventParser.formatTime(document.getLastSeen()));
    root.put("event_count", document.eventCount());
    if (document.getEventsDropped() > 0) {
      root.put("events_dropped", document.getEventsDropped());
    }
    root.put("status_changes", document.getStatusChanges());
    if (document.getJudgedAt() != Long.MIN_VALUE) {
      // Not mapped: kept in the source so that a read-back judges from where the job was.
      root.put("judged_at_ms", document.getJudgedAt());
    }
    if (!document.getChangeLog().isEmpty()) {
      // Not mapped either: what a read-back needs to send an alert again after a failure.
      ArrayNode changes = root.putArray("status_change_log");
      for (RecordedChange change : document.getChangeLog()) {
        ObjectNode recorded =
            changes
                .addObject()
                .put("number", change.getNumber())
                .put("from", change.getFrom())
                .put("to", change.getTo());
        strings(recorded.putArray("missing"), change.getMissing());
        strings(recorded.putArray("late"), change.getLate());
        recorded
            .put("stuck_since_ms", change.getStuckSince())
            .put("at_ms", change.getAt())
            .put("partition", change.getPartition())
            .put("offset", change.getOffset());
      }
    }
    root.put("updated_at", SendTime.format(document.getUpdatedAt())); // the sink's slot: last
    return root;
  }

  private static MessageDescription describedIn(JsonNode source) {
    JsonNode attributes = source.path("attributes");
    String[] pairs = new String[attributes.isObject() ? attributes.size() * 2 : 0];
    int at = 0;
    for (var fields = attributes.fields(); fields.hasNext() && at < pairs.length; ) {
      var attribute = fields.next();
      pairs[at++] = attribute.getKey();
      pairs[at++] = attribute.getValue().asText();
    }
    return new MessageDescription(
        source.hasNonNull("external_id") ? source.get("external_id").asText() : null, pairs);
  }

  public static byte[] toBytes(MessageDocument document) {
    try {
      return JSON.writeValueAsBytes(toJson(document));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a message document is always serializable", e);
    }
  }

  /**
   * The state a document was written from, as far as it records it: its events, status and the
   * stages declared missing. Timers, progress and activity start afresh.
   */
  public static MessageState toState(JsonNode source, String index) {
    MessageState state =
        new MessageState(source.path("app_id").asText(), source.path("message_id").asText(), index);
    List<RecordedEvent> events = new ArrayList<>();
    for (JsonNode event : source.path("events")) {
      events.add(
          new RecordedEvent(
              event.path("event_id").asText(),
              event.path("event").asText(),
              Instant.parse(event.path("created_at").asText()).toEpochMilli()));
    }
    state.addAll(events);
    state.setDescription(describedIn(source));
    List<String> declared = new ArrayList<>();
    source.path("missing").forEach(stage -> declared.add(stage.asText()));
    source.path("late").forEach(stage -> declared.add(stage.asText()));
    state.setDeclaredMissing(declared);
    if (source.hasNonNull("status")) {
      state.setStatus(source.get("status").asText());
    }
    state.setStatusChanges(source.path("status_changes").asInt());
    state.setEventsDropped(source.path("events_dropped").asInt());
    if (source.hasNonNull("judged_at_ms")) {
      state.setProgress(source.get("judged_at_ms").asLong());
    }
    List<RecordedChange> changes = new ArrayList<>();
    for (JsonNode recorded : source.path("status_change_log")) {
      RecordedChange change = new RecordedChange();
      change.setNumber(recorded.path("number").asInt());
      change.setFrom(recorded.path("from").asText());
      change.setTo(recorded.path("to").asText());
      recorded.path("missing").forEach(stage -> change.getMissing().add(stage.asText()));
      recorded.path("late").forEach(stage -> change.getLate().add(stage.asText()));
      change.setStuckSince(recorded.path("stuck_since_ms").asLong());
      change.setAt(recorded.path("at_ms").asLong());
      change.setPartition(recorded.path("partition").asInt());
      change.setOffset(recorded.path("offset").asLong());
      changes.add(change);
    }
    state.setChangeLog(changes);
    return state;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
