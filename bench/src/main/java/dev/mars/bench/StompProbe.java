package dev.mars.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal STOMP-over-WebSocket subscriber on the JDK's WebSocket: connects, subscribes to one
 * destination and records when each message_id's frame arrived.
 */
final class StompProbe implements WebSocket.Listener, AutoCloseable {

  private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":\"([^\"]+)\"");

  private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
  private final CountDownLatch subscribed = new CountDownLatch(1);
  private final StringBuilder partial = new StringBuilder();
  private WebSocket socket;

  static StompProbe subscribe(String wsUrl, String destination) throws Exception {
    StompProbe probe = new StompProbe();
    probe.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(URI.create(wsUrl), probe)
            .get(10, TimeUnit.SECONDS);
    probe
        .socket
        .sendText("CONNECT\naccept-version:1.2\nhost:mars\nheart-beat:0,0\n\n\0", true)
        .get();
    probe
        .socket
        .sendText(
            "SUBSCRIBE\nid:0\ndestination:" + destination + "\nreceipt:subscribed\n\n\0", true)
        .get();
    if (!probe.subscribed.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no RECEIPT for the subscription to " + destination);
    }
    return probe;
  }

  /** When the first frame of a message arrives (System.nanoTime, taken on arrival). */
  CompletableFuture<Long> arrival(String messageId) {
    return arrivals.computeIfAbsent(messageId, id -> new CompletableFuture<>());
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    long now = System.nanoTime();
    partial.append(data);
    if (last) {
      String frame = partial.toString();
      partial.setLength(0);
      if (frame.startsWith("RECEIPT")) {
        subscribed.countDown();
      } else if (frame.startsWith("MESSAGE")) {
        Matcher id = MESSAGE_ID.matcher(frame);
        if (id.find()) {
          arrival(id.group(1)).complete(now);
        }
      }
    }
    webSocket.request(1);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }
}
