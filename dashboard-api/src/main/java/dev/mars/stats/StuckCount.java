package dev.mars.stats;

import dev.mars.search.MessageSearch;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How many messages are stuck now, asked of the index at most every five seconds. */
@Component
public class StuckCount {

  private static final long EVERY_MS = 5_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MessageSearch search;
  private Long count;
  private long askedAt;

  public StuckCount(MessageSearch search) {
    this.search = search;
  }

  public synchronized Optional<Long> count() {
    long now = System.currentTimeMillis();
    if (now - askedAt >= EVERY_MS) {
      askedAt = now;
      ObjectNode body = JSON.createObjectNode();
      body.put("size", 0);
      body.put("track_total_hits", true);
      body.putObject("query").putObject("term").put("status", "stuck");
      try {
        count =
            search
                .run(body)
                .map(r -> r.path("hits").path("total").path("value").asLong())
                .orElse(0L);
      } catch (Exception e) {
        count = null;
      }
    }
    return Optional.ofNullable(count);
  }
}
