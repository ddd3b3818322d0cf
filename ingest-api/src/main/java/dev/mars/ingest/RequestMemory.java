package dev.mars.ingest;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The heap that the events of requests being read may hold together, estimated from what is kept of
 * them, not from their size on the wire: an object of many short keys costs many times its bytes.
 * Each request reserves as it reads; past {@code max-request-memory} together it is refused with
 * 503 (another request will give its share back), past a quarter of it on its own with 413 (it
 * could never be taken).
 */
@Component
public class RequestMemory {

  private final long max;
  private final long maxPerRequest;
  private final AtomicLong available;

  public RequestMemory(IngestProperties properties) {
    this.max = properties.maxRequestMemory().toBytes();
    this.maxPerRequest = max / 4;
    this.available = new AtomicLong(max);
  }

  /** A request's share, released when it is closed. */
  public Reservation reserve() {
    return new Reservation();
  }

  /** What the events of all requests may hold, for the operators' figures. */
  public long max() {
    return max;
  }

  /** The estimated heap an event read from JSON holds. */
  public static long estimate(JsonNode node) {
    if (node.isObject()) {
      long size = 64;
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        size += 48 + 40 + 2L * property.getKey().length() + estimate(property.getValue());
      }
      return size;
    }
    if (node.isString()) {
      return 56 + 2L * node.asString().length();
    }
    return 24;
  }

  /** Reading stopped: all requests together hold as much as they may. */
  public static final class Exhausted extends RuntimeException {
    Exhausted() {
      super("ingest holds as much request data as it may; retry");
    }
  }

  /** One request holds more than it may on its own. */
  public static final class TooLarge extends RuntimeException {
    TooLarge(long maxPerRequest) {
      super(
          "the request's events would take more than "
              + maxPerRequest
              + " bytes in memory; send fewer per request");
    }
  }

  /** One request's share. Not thread-safe: one reader adds to it. */
  public final class Reservation implements AutoCloseable {
    private long held;

    /**
     * Adds {@code bytes} to this request's share.
     *
     * @throws TooLarge past the most one request may hold
     * @throws Exhausted when all requests together hold as much as they may
     */
    public void add(long bytes) {
      if (held + bytes > maxPerRequest) {
        throw new TooLarge(maxPerRequest);
      }
      long left;
      do {
        left = available.get();
        if (left < bytes) {
          throw new Exhausted();
        }
      } while (!available.compareAndSet(left, left - bytes));
      held += bytes;
    }

    @Override
    public void close() {
      available.addAndGet(held);
      held = 0;
    }
  }
}
