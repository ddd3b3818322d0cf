package dev.mars.access;

import dev.mars.security.CounterOwnership;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who is looking, and which apps' data they may see: every app ({@code *}, and everyone when access
 * control is off) or the apps they are granted. Every read of message documents, alerts and
 * counters is narrowed by it at the server.
 */
public record Viewer(String name, Set<String> apps, boolean everyApp) {

  /** Access control off: this machine's own processes see everything. */
  public static final Viewer EVERYONE = new Viewer("anyone", Set.of(), true);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Viewer {
    apps = Set.copyOf(apps);
  }

  public boolean allows(String appId) {
    return everyApp || (appId != null && apps.contains(appId));
  }

  /**
   * Whether a counter is the viewer's: its key starts with a granted app id and {@code .} or {@code
   * :}, the rule ingest keys write counters by.
   */
  public boolean allowsCounter(String key) {
    String app = CounterOwnership.appOf(key);
    return everyApp || (app != null && apps.contains(app));
  }

  /** The Elasticsearch filter on {@code app_id} that narrows a query to the viewer's apps. */
  public JsonNode appFilter() {
    ObjectNode terms = JSON.createObjectNode();
    ArrayNode ids = terms.putObject("terms").putArray("app_id");
    new TreeSet<>(apps).forEach(ids::add);
    return terms;
  }

  /** Names the set of apps: viewers granted the same apps share live views. */
  public String scopeKey() {
    if (everyApp) {
      return "all";
    }
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String app : new TreeSet<>(apps)) {
        digest.update(app.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
