package dev.mars.live;

import dev.mars.search.MessageDocuments;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.sort.SortOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tails the index by updated_at and pushes every changed document to {@code /topic/messages} and
 * {@code /topic/messages.{message_id}}.
 */
@Component
public class IndexTailer {

  private static final Logger LOG = LoggerFactory.getLogger(IndexTailer.class);

  private final MessageDocuments documents;
  private final SimpMessagingTemplate stomp;
  private final LiveProperties properties;
  private final ChangeTracker tracker;
  private boolean failing;

  public IndexTailer(
      MessageDocuments documents, SimpMessagingTemplate stomp, LiveProperties properties) {
    this.documents = documents;
    this.stomp = stomp;
    this.properties = properties;
    this.tracker = new ChangeTracker(System.currentTimeMillis(), properties.overlap().toMillis());
  }

  @Scheduled(fixedDelayString = "${mars.live.poll-interval}")
  public void poll() {
    try {
      for (Change change : tracker.fresh(readSince(tracker.since()))) {
        stomp.convertAndSend("/topic/messages", (Object) change.document());
        stomp.convertAndSend("/topic/messages." + change.messageId(), (Object) change.document());
      }
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

  private List<Change> readSince(long since) throws IOException {
    List<Change> changes = new ArrayList<>();
    Object[] after = null;
    while (true) {
      SearchSourceBuilder page =
          new SearchSourceBuilder()
              .query(QueryBuilders.rangeQuery("updated_at").gte(since).format("epoch_millis"))
              .sort("updated_at", SortOrder.ASC)
              // (app_id, message_id) is unique per document: a total order for search_after.
              .sort("app_id", SortOrder.ASC)
              .sort("message_id", SortOrder.ASC)
              .size(properties.pageSize());
      if (after != null) {
        page.searchAfter(after);
      }
      List<SearchHit> hits = documents.search(page);
      for (SearchHit hit : hits) {
        Map<String, Object> document = MessageDocuments.source(hit);
        changes.add(
            new Change(
                hit.getId(),
                Instant.parse(String.valueOf(document.get("updated_at"))).toEpochMilli(),
                document));
      }
      if (hits.size() < properties.pageSize()) {
        return changes;
      }
      after = hits.get(hits.size() - 1).getSortValues();
    }
  }
}
