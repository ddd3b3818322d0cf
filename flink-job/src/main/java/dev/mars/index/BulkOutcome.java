package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What Elasticsearch made of a bulk request, item by item: written, to try again (it was busy or
 * unavailable), or refused for what the document says (a dead letter).
 */
final class BulkOutcome {

  /**
   * Item statuses that say "not this document": it is dead-lettered. Anything else (429, 5xx, a
   * write block's 403, a missing index's 404) says "not now" and is tried again, never dropped: a
   * misconfigured or blocked cluster stalls the job rather than losing what it acknowledged.
   */
  static final Set<Integer> REFUSED_FOR_CONTENT = Set.of(400, 413);

  private static final ObjectMapper JSON = new ObjectMapper();

  record Refused(BulkAction action, String reason) {}

  final List<BulkAction> retry = new ArrayList<>();
  final List<Refused> refused = new ArrayList<>();

  /** A reason the last item to retry was sent back for, to name in the log. */
  String retryReason;

  static BulkOutcome allToRetry(List<BulkAction> actions, String reason) {
    BulkOutcome outcome = new BulkOutcome();
    outcome.retry.addAll(actions);
    outcome.retryReason = reason;
    return outcome;
  }

  static BulkOutcome allRefused(List<BulkAction> actions, String reason) {
    BulkOutcome outcome = new BulkOutcome();
    actions.forEach(action -> outcome.refused.add(new Refused(action, reason)));
    return outcome;
  }

  /** Reads a {@code _bulk} response whose items are in the order of {@code actions}. */
  static BulkOutcome read(InputStream body, List<BulkAction> actions) throws IOException {
    JsonNode response = JSON.readTree(body);
    BulkOutcome outcome = new BulkOutcome();
    if (!response.path("errors").asBoolean(true)) {
      return outcome;
    }
    JsonNode items = response.path("items");
    if (items.size() != actions.size()) {
      return allToRetry(
          actions, "a bulk response with " + items.size() + " items for " + actions.size());
    }
    for (int i = 0; i < actions.size(); i++) {
      JsonNode item = items.get(i).elements().hasNext() ? items.get(i).elements().next() : null;
      int status = item == null ? 500 : item.path("status").asInt(500);
      if (status < 300) {
        continue;
      }
      String reason = status + " " + describe(item.path("error"));
      if (REFUSED_FOR_CONTENT.contains(status)) {
        outcome.refused.add(new Refused(actions.get(i), reason));
      } else {
        outcome.retry.add(actions.get(i));
        outcome.retryReason = reason;
      }
    }
    return outcome;
  }

  private static String describe(JsonNode error) {
    if (error.isMissingNode()) {
      return "(no error given)";
    }
    String described = error.path("type").asText() + ": " + error.path("reason").asText();
    JsonNode cause = error.path("caused_by");
    if (!cause.isMissingNode()) {
      described += " (" + cause.path("type").asText() + ": " + cause.path("reason").asText() + ")";
    }
    return described;
  }
}
