package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the alerts topic, read committed from its start, against the documents: each message's
 * status changes must form one chain from {@code in_progress} to the status its document ends with,
 * every change once (no alert id twice), and no alert for a message without a document.
 */
final class AlertVerifier {

  /** What the check found. */
  record Report(long alerts, long messages, long mismatches, long repeated, List<String> examples) {
    boolean passed() {
      return mismatches == 0 && repeated == 0;
    }
  }

  private record Alert(String id, String from, String to) {}

  private final String bootstrapServers;
  private final String topic;
  private final String appPrefix;

  AlertVerifier(String bootstrapServers, String topic, String appPrefix) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.appPrefix = appPrefix;
  }

  /**
   * @param statusOf each document's status by app/message, as {@link IndexVerifier} read it
   */
  Report verify(Map<String, String> statusOf) {
    Map<String, List<Alert>> changes = read();
    long alerts = changes.values().stream().mapToLong(List::size).sum();
    long mismatches = 0;
    long repeated = 0;
    List<String> examples = new ArrayList<>();
    Set<String> keys = new HashSet<>(statusOf.keySet());
    keys.addAll(changes.keySet());
    for (String key : keys) {
      List<Alert> chain = changes.getOrDefault(key, List.of());
      Set<String> ids = new HashSet<>();
      String at = "in_progress";
      boolean linked = true;
      for (Alert alert : chain) {
        if (!ids.add(alert.id)) {
          repeated++;
          example(examples, key + ": alert " + alert.id + " twice");
          continue;
        }
        linked &= alert.from.equals(at);
        at = alert.to;
      }
      String status = statusOf.get(key);
      if (status == null || !linked || !at.equals(status)) {
        mismatches++;
        example(examples, key + " is " + status + ", its alerts: " + describe(chain));
      }
    }
    return new Report(alerts, keys.size(), mismatches, repeated, examples);
  }

  private Map<String, List<Alert>> read() {
    Map<String, List<Alert>> changes = new HashMap<>();
    CommittedRecords.forEach(
        bootstrapServers,
        topic,
        record -> {
          JsonNode alert = json(record.value());
          String app = alert.path("app_id").asText();
          if (app.startsWith(appPrefix)) {
            changes
                .computeIfAbsent(
                    app + "/" + alert.path("message_id").asText(), k -> new ArrayList<>())
                .add(
                    new Alert(
                        alert.path("alert_id").asText(),
                        alert.path("from").asText(),
                        alert.path("to").asText()));
          }
        });
    return changes;
  }

  private static String describe(List<Alert> chain) {
    return chain.isEmpty()
        ? "none"
        : String.join(", ", chain.stream().map(a -> a.from + ">" + a.to).toList());
  }

  private static void example(List<String> examples, String problem) {
    if (examples.size() < 5) {
      examples.add(problem);
    }
  }

  private static JsonNode json(byte[] value) {
    try {
      return Elasticsearch.JSON.readTree(new String(value, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Elasticsearch.JSON.createObjectNode();
    }
  }
}
