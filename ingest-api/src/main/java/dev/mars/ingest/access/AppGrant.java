package dev.mars.ingest.access;

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
    if (everyApp) {
      return true;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == ':') {
        return i > 0 && apps.contains(key.substring(0, i));
      }
    }
    return false;
  }

  /** Why {@code appId} is refused, for the caller. */
  public String refusal(String appId) {
    return "app_id " + appId + " is not granted to key " + holder;
  }
}
