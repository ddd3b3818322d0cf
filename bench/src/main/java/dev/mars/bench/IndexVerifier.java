package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verification pass after the drain: reads every message document from the index and holds it
 * against the ledger of what was acknowledged. Every acknowledged event must be in its message's
 * document exactly once; every message that never got a stage must be stuck with exactly that stage
 * missing; a message one of whose stages was only acknowledged after its deadline (the client fell
 * behind) late or complete; every other message complete.
 */
final class IndexVerifier {

  /** What the pass found. */
  static final class Report {
    long documents;
    long unexpectedDocuments;
    long missingDocuments;
    long eventMismatches;
    long statusMismatches;
    long stuckExpected;
    long stuckFound;
    final TreeMap<String, Long> statuses = new TreeMap<>();
    final List<String> examples = new ArrayList<>();

    /** Each document's status, by app/message. */
    final Map<String, String> statusOf = new HashMap<>();

    /** Each document's Elasticsearch version, by its id. */
    final Map<String, Long> versionOf = new HashMap<>();

    boolean passed() {
      return unexpectedDocuments == 0
          && missingDocuments == 0
          && eventMismatches == 0
          && statusMismatches == 0;
    }

    private void example(String problem) {
      if (examples.size() < 5) {
        examples.add(problem);
      }
    }
  }

  private final Elasticsearch elasticsearch;
  private final String index;
  private final boolean lateAllowed;
  private final String appPrefix;

  /**
   * @param lateAllowed whether a message one of whose stages was acknowledged after its deadline
   *     may end late (a client fell behind); false when only Mars's own outages held clients up
   * @param appPrefix only the documents of apps whose id starts with it are this run's
   */
  IndexVerifier(Elasticsearch elasticsearch, String index, boolean lateAllowed, String appPrefix) {
    this.elasticsearch = elasticsearch;
    this.index = index;
    this.lateAllowed = lateAllowed;
    this.appPrefix = appPrefix;
  }

  Report verify(Ledger ledger) throws Exception {
    Report report = new Report();
    Set<String> seen = new HashSet<>();
    String after = null;
    while (true) {
      String query =
          """
          {"size":5000,"version":true,"query":{"prefix":{"app_id":"%s"}},
           "_source":["app_id","message_id","status","missing","event_count","events.event_id"],
           "sort":[{"app_id":"asc"},{"message_id":"asc"}]%s}"""
              .formatted(appPrefix, after == null ? "" : ",\"search_after\":" + after);
      JsonNode hits =
          elasticsearch.post("/" + index + "/_search", query, "application/json").at("/hits/hits");
      if (hits.isEmpty()) {
        break;
      }
      for (JsonNode hit : hits) {
        report.versionOf.put(hit.get("_id").asText(), hit.get("_version").asLong());
        check(hit.get("_source"), ledger, report, seen);
      }
      after = hits.get(hits.size() - 1).get("sort").toString();
    }
    for (Ledger.Entry entry : ledger.entries()) {
      if (entry.count() > 0 && !seen.contains(entry.appId + "/" + entry.messageId)) {
        report.missingDocuments++;
        report.example("no document for " + entry.appId + "/" + entry.messageId);
      }
      if (entry.count() > 0 && !entry.missing().isEmpty()) {
        report.stuckExpected++;
      }
    }
    return report;
  }

  private void check(JsonNode document, Ledger ledger, Report report, Set<String> seen) {
    report.documents++;
    String app = document.get("app_id").asText();
    String message = document.get("message_id").asText();
    String status = document.get("status").asText();
    report.statuses.merge(status, 1L, Long::sum);
    report.statusOf.put(app + "/" + message, status);
    if (status.equals("stuck")) {
      report.stuckFound++;
    }
    Ledger.Entry expected = ledger.get(app, message);
    if (expected == null || !seen.add(app + "/" + message)) {
      report.unexpectedDocuments++;
      report.example("unexpected document " + app + "/" + message);
      return;
    }
    // Every acknowledged event once; besides, only events the client gave up on (each may or may
    // not have been written: a refused request can still reach Kafka), each once.
    List<String> ids = document.path("events").findValuesAsText("event_id");
    Set<Long> distinct = new java.util.HashSet<>();
    long acknowledgedFound = 0;
    int stages = expected.stages();
    boolean foreign = false;
    for (String id : ids) {
      long hash = Ledger.hash(id);
      if (!distinct.add(hash)) {
        foreign = true; // twice
      } else if (expected.acknowledges(hash)) {
        acknowledgedFound++;
      } else if (expected.uncertainStage(hash) >= 0) {
        stages |= 1 << expected.uncertainStage(hash);
      } else {
        foreign = true;
      }
    }
    if (foreign
        || acknowledgedFound != expected.count()
        || document.get("event_count").asInt() != ids.size()) {
      report.eventMismatches++;
      report.example(
          app
              + "/"
              + message
              + " holds "
              + ids.size()
              + " events, "
              + expected.count()
              + " were acknowledged");
    }
    List<String> missingValues = new ArrayList<>();
    document.path("missing").forEach(stage -> missingValues.add(stage.asText()));
    List<String> missingExpected = Ledger.Entry.missing(stages);
    // A stage acknowledged after its deadline is late if the job was already waiting for it, which
    // depends on when the job read what: both outcomes are right then, unless lateness is not
    // allowed (only Mars's own outages held the clients up: calling them late is a false alarm).
    Set<String> allowed =
        !missingExpected.isEmpty()
            ? Set.of("stuck")
            : expected.acknowledgedLate() && lateAllowed
                ? Set.of("late", "complete")
                : Set.of("complete");
    String want = String.join(" or ", allowed);
    if (!allowed.contains(status) || !missingValues.equals(missingExpected)) {
      report.statusMismatches++;
      report.example(
          app
              + "/"
              + message
              + " is "
              + status
              + " missing "
              + missingValues
              + ", expected "
              + want
              + " missing "
              + missingExpected);
    }
  }
}
