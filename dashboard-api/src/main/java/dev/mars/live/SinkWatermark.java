package dev.mars.live;

import dev.mars.search.MessageSearch;
import dev.mars.search.SearchProperties;
import java.io.IOException;
import java.time.Instant;
import java.util.OptionalLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How far the job's document sink has written: each of its subtasks keeps a document in {@code
 * <index>.progress} whose {@code updated_at} is the send time of its latest successful bulk
 * request, and every version a subtask stamped until then is written. The lowest over the subtasks
 * of the job's current parallelism is the time up to which nothing is still on its way; the live
 * feed never moves its look-back past it, however late Elasticsearch makes those versions visible
 * (a sink retrying through an outage, a restarted node's backlog). Read at most once a second.
 *
 * <p>Written is not yet searchable: Elasticsearch shows a write after its next refresh of that
 * shard, and the progress documents live in another index, refreshed on its own (under load, many
 * seconds apart). So the sink's progress says what its earlier, acknowledged requests wrote, and
 * each time the watermark is read the message indices are refreshed: everything up to it is then
 * searchable, and the feed can move past it without missing a version.
 */
@Component
public class SinkWatermark {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long READ_EVERY_MS = 1_000;

  private final MessageSearch search;
  private final String index;
  private long readAt;
  private OptionalLong last = OptionalLong.empty();

  @Autowired
  public SinkWatermark(MessageSearch search, SearchProperties properties) {
    this(search, properties.index() + ".progress");
  }

  SinkWatermark(MessageSearch search, String index) {
    this.search = search;
    this.index = index;
  }

  /** The watermark, or empty when no job says (none yet, or not every subtask of it). */
  public synchronized OptionalLong writtenThrough(long now) {
    if (now - readAt < READ_EVERY_MS) {
      return last;
    }
    readAt = now;
    ObjectNode body = JSON.createObjectNode();
    body.put("size", 1000);
    try {
      OptionalLong read =
          search.runOn(index, body).map(SinkWatermark::lowest).orElse(OptionalLong.empty());
      if (read.isPresent()) {
        search.refresh();
      }
      last = read;
    } catch (IOException | RuntimeException e) {
      last = OptionalLong.empty(); // the tail's own read fails too, and says so
    }
    return last;
  }

  /**
   * The lowest written-through time of the subtasks of the newest job's parallelism; empty unless
   * each of them has said.
   */
  static OptionalLong lowest(JsonNode answer) {
    JsonNode hits = answer.path("hits").path("hits");
    long newestAt = Long.MIN_VALUE;
    int parallelism = 0;
    for (JsonNode hit : hits) {
      long at = time(hit);
      if (at > newestAt) {
        newestAt = at;
        parallelism = hit.path("_source").path("parallelism").asInt();
      }
    }
    boolean[] said = new boolean[Math.max(parallelism, 0)];
    long lowest = Long.MAX_VALUE;
    for (JsonNode hit : hits) {
      JsonNode source = hit.path("_source");
      int subtask = source.path("subtask").asInt(-1);
      if (source.path("parallelism").asInt() == parallelism
          && subtask >= 0
          && subtask < parallelism) {
        said[subtask] = true;
        lowest = Math.min(lowest, time(hit));
      }
    }
    for (boolean s : said) {
      if (!s) {
        return OptionalLong.empty();
      }
    }
    return parallelism > 0 ? OptionalLong.of(lowest) : OptionalLong.empty();
  }

  private static long time(JsonNode hit) {
    try {
      return Instant.parse(hit.path("_source").path("updated_at").asString()).toEpochMilli();
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }
}
