package dev.mars.live;

import dev.mars.access.Viewer;
import dev.mars.search.Cursor;
import dev.mars.search.MessageSearch;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/changes?since=<mars-cursor>&q=}: for a client that reconnects, the versions
 * written since the last frame it saw (read from one overlap earlier, like the tailer; drop those
 * whose {@code mars-version} you already have), oldest first. When more changed than one answer
 * holds, {@code next} is set: ask again with {@code &after=<next>} until it is null.
 */
@RestController
public class ChangesController {

  /** The sort of {@link IndexReader#list}: updated_at, app_id, message_id. */
  private static final int SORT_KEYS = 3;

  private final IndexReader index;
  private final MessageSearch search;
  private final LiveProperties properties;
  private final LiveOverlap overlap;

  public ChangesController(
      IndexReader index, MessageSearch search, LiveProperties properties, LiveOverlap overlap) {
    this.index = index;
    this.search = search;
    this.properties = properties;
    this.overlap = overlap;
  }

  @GetMapping("/api/changes")
  public Map<String, Object> changes(
      @RequestParam long since,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String after,
      Viewer viewer)
      throws IOException {
    JsonNode query =
        (q == null || q.isBlank()) && viewer.everyApp() ? null : search.query(q, null, viewer);
    IndexReader.Page page =
        index.list(
            since - overlap.millis(),
            query,
            properties.pageSize(),
            after == null ? null : Cursor.read(after, SORT_KEYS));
    List<Change> listed = page.changes();
    // Each change's cursor is where the listing had it, not its document's updated_at, which may
    // be newer (read after listing): resuming from a cursor then skips nothing listed after it.
    Map<String, Long> listedAt = new HashMap<>();
    listed.forEach(change -> listedAt.merge(change.id(), change.updatedAt(), Math::min));
    List<Change> read = index.read(listed.stream().map(Change::id).distinct().toList());
    List<Map<String, Object>> changes =
        read.stream()
            .map(
                change ->
                    Map.<String, Object>of(
                        "id", change.id(),
                        "version", change.version(),
                        "cursor", listedAt.getOrDefault(change.id(), change.updatedAt()),
                        "document", change.document()))
            .toList();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("changes", changes);
    answer.put("truncated", page.next() != null);
    answer.put("next", page.next() == null ? null : Cursor.of(page.next()));
    return answer;
  }
}
