package dev.mars.live;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that write frames to clients, with a bounded queue: Spring's default queue is
 * unbounded, so clients too slow to read (each blocks a thread until its write times out) could
 * make it grow without end and hold up everyone's frames. Past the bound a frame is dropped and
 * counted, never queued; a client that misses one catches up from its last cursor ({@code GET
 * /api/changes}). Slow clients themselves are disconnected by the session's send limits.
 */
final class OutboundFrames {

  private static final Logger LOG = LoggerFactory.getLogger(OutboundFrames.class);
  private static final long LOG_INTERVAL_MS = 60_000;

  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

  ThreadPoolTaskExecutor executor(int threads, int queueCapacity) {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setThreadNamePrefix("stomp-outbound-");
    executor.setCorePoolSize(threads);
    executor.setMaxPoolSize(threads);
    executor.setQueueCapacity(queueCapacity);
    executor.setAllowCoreThreadTimeOut(true);
    executor.setRejectedExecutionHandler(new DropAndCount());
    return executor;
  }

  /** Frames dropped because the outbound queue was full, since start. */
  long dropped() {
    return dropped.get();
  }

  private final class DropAndCount implements RejectedExecutionHandler {
    @Override
    public void rejectedExecution(Runnable frame, ThreadPoolExecutor executor) {
      long total = dropped.incrementAndGet();
      long now = System.currentTimeMillis();
      long last = lastLogged.get();
      if (now - last >= LOG_INTERVAL_MS && lastLogged.compareAndSet(last, now)) {
        LOG.warn(
            "Live feed: the outbound queue is full ({} frames waiting); dropping frames ({} so"
                + " far). Clients catch up with GET /api/changes",
            executor.getQueue().size(),
            total);
      }
    }
  }
}
