package dev.mars.live;

import dev.mars.phoenix.PhoenixTimelines;
import dev.mars.stats.PipelineStats;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Tails the index by updated_at and pushes every new version of a message document, once, to {@code
 * /topic/messages}, {@code /topic/messages.{message_id}} and the filtered views that match it;
 * while nobody watches ({@link FeedAudience}) it lists changes but reads no document. Frames carry
 * {@code mars-id}, {@code mars-version} and {@code mars-cursor}: a client that reconnects asks
 * {@code GET /api/changes?since=<cursor>} for what it missed. The cursor is where the listing was
 * (the lowest updated_at of the page being pushed), never a document's own updated_at: a document
 * read after it was listed may be much newer than the listing (a tailer catching up reads versions
 * written just now), and a client resuming from that would skip the rest of the page and everything
 * between.
 */
@Component
public class IndexTailer {

  private static final Logger LOG = LoggerFactory.getLogger(IndexTailer.class);

  private final IndexReader index;
  private final SimpMessagingTemplate stomp;
  private final LiveProperties properties;
  private final LiveFilters filters;
  private final PipelineStats stats;
  private final LiveOverlap overlap;
  private final PhoenixTimelines timelines;
  private final SinkWatermark sink;
  private final ChangeTracker tracker;
  private final FeedAudience audience;
  private boolean failing;

  public IndexTailer(
      IndexReader index,
      SimpMessagingTemplate stomp,
      LiveProperties properties,
      LiveFilters filters,
      PipelineStats stats,
      LiveOverlap overlap,
      PhoenixTimelines timelines,
      SinkWatermark sink,
      FeedAudience audience) {
    this.audience = audience;
    this.timelines = timelines;
    this.sink = sink;
    this.index = index;
    this.stomp = stomp;
    this.properties = properties;
    this.filters = filters;
    this.stats = stats;
    this.overlap = overlap;
    this.tracker = new ChangeTracker(System.currentTimeMillis(), overlap::millis);
  }

  ChangeTracker tracker() {
    return tracker;
  }

  /**
   * Lists what changed page by page and pushes each page's new versions before listing the next, so
   * a burst of any size is worked through in bounded requests.
   */
  @Scheduled(fixedDelayString = "${mars.live.poll-interval}")
  public void poll() {
    try {
      long since;
      if (audience.watched()) {
        long now = System.currentTimeMillis();
        // Held back while the job's sink has versions on their way, up to mars.live.max-hold.
        tracker.holdAt(
            Math.max(
                sink.writtenThrough(now).orElse(Long.MAX_VALUE),
                now - properties.maxHold().toMillis()));
        since = tracker.since();
      } else {
        // Nobody can miss a version: each is listed once, for the latency figures, instead of
        // the whole look-back on every poll (under load, thousands of hits four times a second).
        // No hold either, so what the tracker remembers still goes with the look-back.
        tracker.holdAt(Long.MAX_VALUE);
        since = tracker.newest();
      }
      JsonNode after = null;
      do {
        IndexReader.Page page = index.list(since, null, properties.pageSize(), after);
        List<Change> unsent = tracker.unsent(page.changes());
        overlap.observe(tracker.lateness(unsent), System.currentTimeMillis());
        long cursor = page.changes().isEmpty() ? since : page.changes().get(0).updatedAt();
        if (audience.watched()) {
          push(
              tracker.fresh(index.read(unsent.stream().map(Change::id).distinct().toList())),
              cursor);
        } else {
          tracker.fresh(unsent); // nobody to push them to: anyone who comes reads them anew
        }
        unsent.forEach(change -> stats.versionSeen(change.updatedAt(), change.lastSeen()));
        page.changes().stream().mapToLong(Change::updatedAt).max().ifPresent(tracker::handledUpTo);
        after = page.next();
      } while (after != null);
      if (failing) {
        LOG.info("Reading changes from Elasticsearch again");
        failing = false;
      }
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        LOG.warn("Cannot read changes from Elasticsearch: {}", e.getMessage());
        failing = true;
      }
    }
  }

  private void push(List<Change> fresh, long cursor) {
    for (Change change : fresh) {
      Map<String, Object> headers = headers(change, cursor);
      stomp.convertAndSend("/topic/messages", (Object) change.document(), headers);
      stomp.convertAndSend(
          "/topic/messages." + change.messageId(), (Object) change.document(), headers);
    }
    pushFiltered(fresh, cursor);
    timelines.publish(fresh);
  }

  /**
   * Each filtered view gets the fresh versions of its apps and message that its query matches, as
   * they are: a version that changed again since it was read is left to the next poll. Only views
   * with a query cost a search. One view's failing query does not hold up the others.
   */
  private void pushFiltered(List<Change> fresh, long cursor) {
    if (fresh.isEmpty() || filters.size() == 0) {
      return;
    }
    for (LiveFilters.Filter filter : filters.active()) {
      List<Change> admitted =
          fresh.stream().filter(change -> filter.admits(change.document())).toList();
      if (admitted.isEmpty()) {
        continue;
      }
      Map<String, Long> matching = null;
      if (filter.query() != null) {
        try {
          matching =
              index.matching(admitted.stream().map(Change::id).distinct().toList(), filter.query());
        } catch (IOException | RuntimeException e) {
          LOG.warn("Filtered view {} skipped a poll: {}", filter.key(), e.getMessage());
          continue;
        }
      }
      for (Change change : admitted) {
        if (matching == null || Long.valueOf(change.version()).equals(matching.get(change.id()))) {
          stomp.convertAndSend(
              LiveFilters.DESTINATION_PREFIX + filter.key(),
              (Object) change.document(),
              headers(change, cursor));
        }
      }
    }
  }

  static Map<String, Object> headers(Change change, long cursor) {
    return Map.of(
        "mars-id", change.id(),
        "mars-version", String.valueOf(change.version()),
        "mars-cursor", String.valueOf(cursor));
  }
}
