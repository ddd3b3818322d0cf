package dev.mars.live;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The filtered live views clients subscribed to, each once with the number of subscriptions to it,
 * on the destination {@code /topic/filtered.<key>}. A view narrows the feed by apps (a viewer's
 * grant; null for every app) and message id, checked on the document, and by a query, which
 * Elasticsearch runs on each poll's changes: the costly part, so distinct views are capped.
 */
@Component
public class LiveFilters {

  /** A view, and how many subscriptions use it. */
  public record Filter(
      String key, Set<String> apps, String messageId, JsonNode query, int subscriptions) {

    /** Whether the document is in the view's apps and message; the query is checked apart. */
    boolean admits(Map<String, Object> document) {
      return (apps == null || apps.contains(String.valueOf(document.get("app_id"))))
          && (messageId == null || messageId.equals(String.valueOf(document.get("message_id"))));
    }

    Filter counted(int delta) {
      return new Filter(key, apps, messageId, query, subscriptions + delta);
    }
  }

  public static final String DESTINATION_PREFIX = "/topic/filtered.";

  private final Map<String, Filter> filters = new ConcurrentHashMap<>();

  /** A short key naming a view by what defines it. */
  public static String keyOf(String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Adds a subscription to the view {@code key}, creating it when new unless {@code maxViews} views
   * exist already; returns false then.
   */
  public boolean add(String key, Set<String> apps, String messageId, JsonNode query, int maxViews) {
    synchronized (filters) {
      Filter existing = filters.get(key);
      if (existing == null && filters.size() >= maxViews) {
        return false;
      }
      filters.put(
          key, existing == null ? new Filter(key, apps, messageId, query, 1) : existing.counted(1));
      return true;
    }
  }

  public void remove(String key) {
    synchronized (filters) {
      filters.computeIfPresent(key, (k, old) -> old.subscriptions() <= 1 ? null : old.counted(-1));
    }
  }

  public Iterable<Filter> active() {
    return filters.values();
  }

  public int size() {
    return filters.size();
  }
}
