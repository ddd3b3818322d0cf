package dev.mars.live;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The filtered live views clients subscribed to: each distinct query once, with the number of
 * subscriptions to it, on the destination {@code /topic/filtered.<key>}.
 */
@Component
public class LiveFilters {

  /** A query's Elasticsearch form, and how many subscriptions use it. */
  public record Filter(String key, JsonNode query, int subscriptions) {}

  public static final String DESTINATION_PREFIX = "/topic/filtered.";

  private final Map<String, Filter> filters = new ConcurrentHashMap<>();

  public static String keyOf(String query) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(query.strip().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Adds a subscription to the query; returns its key. */
  public String add(String query, JsonNode compiled) {
    String key = keyOf(query);
    filters.merge(
        key,
        new Filter(key, compiled, 1),
        (old, added) -> new Filter(key, old.query(), old.subscriptions() + 1));
    return key;
  }

  public void remove(String key) {
    filters.computeIfPresent(
        key,
        (k, old) ->
            old.subscriptions() <= 1 ? null : new Filter(k, old.query(), old.subscriptions() - 1));
  }

  public Iterable<Filter> active() {
    return filters.values();
  }

  public int size() {
    return filters.size();
  }
}
