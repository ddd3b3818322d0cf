package dev.mars.ingest.access;

import dev.mars.security.CounterOwnership;
import java.util.Set;

/**
 * What a caller may write: the app ids its key names, or every app ({@code *}, and everyone when
 * access control is off).
 *
 * @param holder the key's name, as logs and refusals show it (never the key itself)
 */
public record AppGrant(String holder, Set<String> apps, boolean everyApp) {

  /** Access control off: this machine's own processes write any app. */
  public static final AppGrant OPEN = new AppGrant("anyone", Set.of(), true);

  public AppGrant {
    apps = Set.copyOf(apps);
  }

  public boolean allows(String appId) {
    return everyApp || apps.contains(appId);
  }

  /**
   * Whether a counter key belongs to a granted app: with access control on, a counter's key starts
   * with its app id and a {@code .} or {@code :} ({@code checkout.orders}).
   */
  public boolean allowsCounter(String key) {
    String app = CounterOwnership.appOf(key);
    return everyApp || (app != null && apps.contains(app));
  }

  /** Why {@code appId} is refused, for the caller. */
  public String refusal(String appId) {
    return "app_id " + appId + " is not granted to key " + holder;
  }
}
