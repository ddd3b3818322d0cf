package dev.mars.event;

import java.util.regex.Pattern;

/**
 * The limits of an event's {@code attributes}: a few short string values under keys that can be
 * named in a search ({@code attributes.<key>:<value>}). The same at every door.
 */
public final class EventAttributes {

  public static final int MAX_ATTRIBUTES = 32;
  public static final int MAX_KEY_LENGTH = 64;
  public static final int MAX_VALUE_LENGTH = 256;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1," + MAX_KEY_LENGTH + "}");

  private EventAttributes() {}

  /** Why {@code key} cannot be an attribute's key, or null. */
  public static String keyProblem(String key) {
    return KEY.matcher(key).matches()
        ? null
        : "keys must be 1 to " + MAX_KEY_LENGTH + " letters, digits, '_', '.' or '-'";
  }

  /** Why {@code value} cannot be an attribute's value, or null. */
  public static String valueProblem(String value) {
    return EventLimits.textProblem(value, MAX_VALUE_LENGTH);
  }

  /** How an attribute is indexed: {@code key=value}, searchable as one term. */
  public static String pair(String key, String value) {
    return key + '=' + value;
  }
}
