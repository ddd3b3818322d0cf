package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The increments Mars acknowledged, per counter key, by request id; and the check that each counter
 * in Elasticsearch holds exactly their number: a request id counts once however often it was sent;
 * one the client gave up on may count or not, never twice.
 */
final class CounterLedger {

  /** What the check found. */
  record Report(int counters, int mismatches, List<String> examples) {
    boolean passed() {
      return mismatches == 0;
    }
  }

  private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> uncertain = new ConcurrentHashMap<>();

  void acknowledged(String key, String requestId) {
    acknowledged.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(requestId);
  }

  void uncertain(String key, String requestId) {
    uncertain.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(requestId);
  }

  Report verify(Elasticsearch elasticsearch, String index) throws InterruptedException {
    Map<String, Long> found = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    int mismatches = 0;
    for (String key : new TreeMap<>(acknowledged).keySet()) {
      long want = acknowledged.get(key).size();
      long mayAlso =
          uncertain.getOrDefault(key, Set.of()).stream()
              .filter(id -> !acknowledged.get(key).contains(id))
              .count();
      long value = value(elasticsearch, index, key);
      found.put(key, value);
      if (value < want || value > want + mayAlso) {
        mismatches++;
        if (examples.size() < 5) {
          examples.add(
              "counter %s is %d, %d increments were acknowledged%s"
                  .formatted(key, value, want, mayAlso > 0 ? " (+" + mayAlso + " uncertain)" : ""));
        }
      }
    }
    return new Report(found.size(), mismatches, examples);
  }

  private static long value(Elasticsearch elasticsearch, String index, String key)
      throws InterruptedException {
    try {
      JsonNode document = elasticsearch.get("/" + index + "/_doc/" + key);
      return document.path("_source").path("value").asLong();
    } catch (IOException e) {
      return -1; // not there (404) or not readable: either way not the value expected
    }
  }
}
