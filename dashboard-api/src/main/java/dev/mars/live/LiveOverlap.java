package dev.mars.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How far behind the newest change seen the live feed looks for changes. A version is stamped when
 * the job sends it; on a loaded cluster it may become visible to searches well after later ones
 * (bulk requests queued, replicas refreshing late). When a version shows up more than half the
 * overlap behind the newest change, the overlap widens to twice that lateness, up to {@code
 * mars.live.max-overlap}, and returns to {@code mars.live.overlap} once no late version has been
 * seen for {@code mars.live.overlap-hold}. A version later than the overlap is still missed by the
 * live feed (a search or the next version shows it), so the widening happens before it can be.
 */
@Component
public class LiveOverlap {

  private static final Logger LOG = LoggerFactory.getLogger(LiveOverlap.class);

  private final long baseMs;
  private final long maxMs;
  private final long holdMs;
  private volatile long currentMs;
  private long lastLateAt;

  @Autowired
  public LiveOverlap(LiveProperties properties) {
    this(
        properties.overlap().toMillis(),
        properties.maxOverlap().toMillis(),
        properties.overlapHold().toMillis());
  }

  LiveOverlap(long baseMs, long maxMs, long holdMs) {
    this.baseMs = baseMs;
    this.maxMs = Math.max(baseMs, maxMs);
    this.holdMs = holdMs;
    this.currentMs = baseMs;
  }

  public long millis() {
    return currentMs;
  }

  /** Notes that a version became visible {@code lateMs} behind the newest change handled. */
  public synchronized void observe(long lateMs, long now) {
    if (lateMs > currentMs / 2) {
      lastLateAt = now;
      long widened = Math.min(maxMs, Math.max(currentMs, 2 * lateMs));
      if (widened > currentMs) {
        LOG.info(
            "Live feed: a version became visible {} ms behind newer ones; looking back {} ms",
            lateMs,
            widened);
        currentMs = widened;
      }
    } else if (currentMs > baseMs && now - lastLateAt > holdMs) {
      LOG.info("Live feed: no late versions for {} ms; looking back {} ms again", holdMs, baseMs);
      currentMs = baseMs;
    }
  }
}
