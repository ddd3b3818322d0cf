package dev.mars.search;

import java.util.List;

/**
 * The order of search results: one of the document's time or count fields, then app_id and
 * message_id, which together are unique, so that search_after pages neither skip nor repeat.
 */
public record SearchSort(String field, boolean descending) {

  static final List<String> FIELDS =
      List.of(
          "last_seen", "first_seen", "updated_at", "stuck_since", "event_count", "status_changes");
  static final int KEYS = 3;

  /**
   * {@code last_seen}, {@code last_seen:asc}, {@code event_count:desc}; blank is last_seen:desc.
   */
  public static SearchSort parse(String sort) {
    if (sort == null || sort.isBlank()) {
      return new SearchSort("last_seen", true);
    }
    String[] parts = sort.split(":", 2);
    if (!FIELDS.contains(parts[0])) {
      throw new InvalidRequestException(
          "sort", "cannot sort by \"" + parts[0] + "\"; sortable: " + String.join(", ", FIELDS));
    }
    if (parts.length == 1) {
      return new SearchSort(parts[0], true);
    }
    return switch (parts[1]) {
      case "asc" -> new SearchSort(parts[0], false);
      case "desc" -> new SearchSort(parts[0], true);
      default ->
          throw new InvalidRequestException(
              "sort", "order must be asc or desc, not \"" + parts[1] + "\"");
    };
  }
}
