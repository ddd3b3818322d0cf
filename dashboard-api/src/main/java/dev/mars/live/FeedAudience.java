package dev.mars.live;

import dev.mars.phoenix.PhoenixTimelines;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Whether anyone watches the message feed: a STOMP subscription to {@code /topic/messages} or a
 * message's topic, a filtered view, or a Phoenix channel joined to a message. While nobody does,
 * the tailer reads no document (under load, reading every version was most of the dashboard's work
 * and a share of Elasticsearch's). Someone who starts watching reads the current documents after
 * the subscription is in place (a receipt, a join), so what the tailer skipped before is in what
 * they read.
 */
@Component
public class FeedAudience {

  private final AtomicInteger unfiltered = new AtomicInteger();
  private final LiveFilters filters;
  private final PhoenixTimelines timelines;

  public FeedAudience(LiveFilters filters, PhoenixTimelines timelines) {
    this.filters = filters;
    this.timelines = timelines;
  }

  public boolean watched() {
    return unfiltered.get() > 0 || filters.size() > 0 || timelines.watching();
  }

  void subscribed() {
    unfiltered.incrementAndGet();
  }

  void unsubscribed() {
    unfiltered.decrementAndGet();
  }
}
