package dev.mars.live;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The alert feeds of viewers granted some apps only: each set of apps once, on {@code
 * /topic/alerts.scoped.<scope>}, fed the alerts of those apps.
 */
@Component
public class AlertScopes {

  public static final String DESTINATION_PREFIX = "/topic/alerts.scoped.";

  private record Scope(Set<String> apps, int subscriptions) {}

  private final Map<String, Scope> scopes = new ConcurrentHashMap<>();

  public void add(String key, Set<String> apps) {
    scopes.merge(
        key,
        new Scope(Set.copyOf(apps), 1),
        (old, added) -> new Scope(old.apps(), old.subscriptions() + 1));
  }

  public void remove(String key) {
    scopes.computeIfPresent(
        key,
        (k, old) ->
            old.subscriptions() <= 1 ? null : new Scope(old.apps(), old.subscriptions() - 1));
  }

  /** The destinations an alert of {@code appId} goes to besides {@code /topic/alerts}. */
  public Iterable<String> destinationsFor(String appId) {
    return scopes.entrySet().stream()
        .filter(scope -> scope.getValue().apps().contains(appId))
        .map(scope -> DESTINATION_PREFIX + scope.getKey())
        .toList();
  }
}
