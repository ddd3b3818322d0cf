package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A live-feed client as a front end is one: subscribed to {@code /topic/messages} of one dashboard,
 * it keeps the newest version of every document it was sent and the newest {@code mars-cursor}.
 * When its connection breaks it connects to the next dashboard, subscribes again and asks {@code
 * GET /api/changes?since=<cursor>} (every page) for what it missed. After the run, it must hold
 * every document's final version: then it missed nothing.
 */
final class LiveWatcher implements AutoCloseable {

  private final List<URI> dashboards;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final AtomicLong cursor = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong caughtUp = new AtomicLong();
  private final AtomicLong longestGapMs = new AtomicLong();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private final Thread keeper = new Thread(this::keepConnected, "live-watcher");
  private volatile CountDownLatch broken = new CountDownLatch(1);
  private volatile WebSocket socket;
  private int current;

  LiveWatcher(List<URI> dashboards) {
    this.dashboards = List.copyOf(dashboards);
  }

  /** Connects to the first dashboard; returns once subscribed. */
  void start() throws Exception {
    connect(dashboards.get(0));
    keeper.setDaemon(true);
    keeper.start();
  }

  /** Documents whose {@code version} (by id) this client does not hold yet. */
  long missing(Map<String, Long> finalVersions) {
    return finalVersions.entrySet().stream()
        .filter(e -> versions.getOrDefault(e.getKey(), 0L) < e.getValue())
        .count();
  }

  long reconnects() {
    return reconnects.get();
  }

  /** Versions taken from /api/changes after reconnecting. */
  long caughtUp() {
    return caughtUp.get();
  }

  /** The longest time from a broken connection to having caught up on another. */
  long longestGapMs() {
    return longestGapMs.get();
  }

  private void keepConnected() {
    while (open.get()) {
      try {
        broken.await();
      } catch (InterruptedException e) {
        return;
      }
      long brokenAt = System.currentTimeMillis();
      // Frames of the new connection move the cursor on at once: resume from where this one broke.
      long resumeFrom = cursor.get();
      while (open.get()) {
        current = (current + 1) % dashboards.size();
        try {
          connect(dashboards.get(current));
          catchUp(dashboards.get(current), resumeFrom);
          reconnects.incrementAndGet();
          longestGapMs.accumulateAndGet(System.currentTimeMillis() - brokenAt, Math::max);
          break;
        } catch (Exception e) {
          try {
            Thread.sleep(500); // between attempts to reach a dashboard
          } catch (InterruptedException stop) {
            return;
          }
        }
      }
    }
  }

  private void connect(URI dashboard) throws Exception {
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    broken = failed;
    if (socket != null) {
      socket.abort();
    }
    URI ws = URI.create(dashboard.toString().replaceFirst("^http", "ws") + "/ws");
    socket =
        http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(ws, new Frames(subscribed, failed))
            .get(10, TimeUnit.SECONDS);
    socket.sendText("CONNECT\naccept-version:1.2\nhost:mars\nheart-beat:0,0\n\n\0", true).get();
    socket
        .sendText("SUBSCRIBE\nid:0\ndestination:/topic/messages\nreceipt:subscribed\n\n\0", true)
        .get();
    if (!subscribed.await(10, TimeUnit.SECONDS)) {
      socket.abort();
      throw new IllegalStateException("no RECEIPT from " + dashboard);
    }
  }

  /** Every page of what changed since {@code since} (a cursor), from {@code dashboard}. */
  private void catchUp(URI dashboard, long since) throws Exception {
    String after = null;
    do {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          dashboard
                              + "/api/changes?since="
                              + since
                              + (after == null ? "" : "&after=" + after)))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/api/changes answered " + response.statusCode());
      }
      JsonNode page = Elasticsearch.JSON.readTree(response.body());
      for (JsonNode change : page.path("changes")) {
        seen(
            change.get("id").asText(),
            change.get("version").asLong(),
            change.get("cursor").asLong());
        caughtUp.incrementAndGet();
      }
      after = page.path("next").isTextual() ? page.get("next").asText() : null;
    } while (after != null);
  }

  private void seen(String id, long version, long at) {
    versions.merge(id, version, Math::max);
    cursor.accumulateAndGet(at, Math::max);
  }

  @Override
  public void close() {
    open.set(false);
    keeper.interrupt();
    if (socket != null) {
      socket.abort();
    }
  }

  private final class Frames implements WebSocket.Listener {
    private final CountDownLatch subscribed;
    private final CountDownLatch failed;
    private final StringBuilder partial = new StringBuilder();

    Frames(CountDownLatch subscribed, CountDownLatch failed) {
      this.subscribed = subscribed;
      this.failed = failed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frame(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return CompletableFuture.completedFuture(null);
    }

    private void frame(String frame) {
      if (frame.startsWith("RECEIPT")) {
        subscribed.countDown();
      } else if (frame.startsWith("MESSAGE")) {
        String id = null;
        long version = 0;
        long at = 0;
        int end = frame.indexOf("\n\n");
        for (String line : frame.substring(0, end < 0 ? frame.length() : end).split("\n")) {
          if (line.startsWith("mars-id:")) {
            id = unescape(line.substring(8));
          } else if (line.startsWith("mars-version:")) {
            version = Long.parseLong(line.substring(13));
          } else if (line.startsWith("mars-cursor:")) {
            at = Long.parseLong(line.substring(12));
          }
        }
        if (id != null) {
          seen(id, version, at);
        }
      } else if (frame.startsWith("ERROR")) {
        failed.countDown();
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failed.countDown();
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failed.countDown();
    }
  }

  /** STOMP 1.2 header value escapes. */
  private static String unescape(String value) {
    return value
        .replace("\\c", ":")
        .replace("\\n", "\n")
        .replace("\\r", "\r")
        .replace("\\\\", "\\");
  }
}
