package dev.mars.security;

/**
 * Which app a counter belongs to, with access control on: its key starts with the app id and a
 * {@code .} or {@code :} ({@code checkout.orders}). Ingest writes, and the dashboard shows, a
 * counter only to whoever is granted that app.
 */
public final class CounterOwnership {

  private CounterOwnership() {}

  /** The app a counter key names, or null when it names none. */
  public static String appOf(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == ':') {
        return i > 0 ? key.substring(0, i) : null;
      }
    }
    return null;
  }
}
