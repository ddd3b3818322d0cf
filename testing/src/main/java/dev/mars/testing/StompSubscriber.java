package dev.mars.testing;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** A real STOMP-over-WebSocket client that collects the JSON frames of its subscriptions. */
public final class StompSubscriber implements AutoCloseable {

  private final WebSocketStompClient client;
  private final StompSession session;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

  private StompSubscriber(WebSocketStompClient client, StompSession session) {
    this.client = client;
    this.session = session;
  }

  /** Connects to a STOMP endpoint such as {@code ws://127.0.0.1:4001/ws}. */
  public static StompSubscriber connect(String url) throws Exception {
    WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    client.setMessageConverter(new JsonText());
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.initialize();
    client.setTaskScheduler(scheduler);
    StompSession session =
        client.connectAsync(url, new StompSessionHandlerAdapter() {}).get(10, TimeUnit.SECONDS);
    session.setAutoReceipt(true);
    return new StompSubscriber(client, session);
  }

  /** Subscribes and returns once the server confirmed the subscription with a receipt. */
  public void subscribe(String destination) throws Exception {
    CompletableFuture<Void> receipt = new CompletableFuture<>();
    StompSession.Subscription subscription =
        session.subscribe(
            destination,
            new StompFrameHandler() {
              @Override
              public Type getPayloadType(StompHeaders headers) {
                return String.class;
              }

              @Override
              public void handleFrame(StompHeaders headers, Object payload) {
                frames.add((String) payload);
              }
            });
    subscription.addReceiptTask(() -> receipt.complete(null));
    subscription.addReceiptLostTask(
        () -> receipt.completeExceptionally(new IllegalStateException("no receipt")));
    receipt.get(10, TimeUnit.SECONDS);
  }

  /** The first frame received, from now on or before, that matches; fails after the timeout. */
  public String awaitFrame(Duration timeout, Predicate<String> matching)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      String frame = frames.poll(left, TimeUnit.NANOSECONDS);
      if (frame != null && matching.test(frame)) {
        return frame;
      }
    }
    throw new AssertionError("no matching STOMP frame within " + timeout);
  }

  @Override
  public void close() {
    session.disconnect();
    client.stop();
  }

  /** Reads JSON frames as text, leaving parsing to the test. */
  private static final class JsonText extends AbstractMessageConverter {
    JsonText() {
      super(MimeTypeUtils.APPLICATION_JSON);
    }

    @Override
    protected boolean supports(Class<?> type) {
      return type == String.class;
    }

    @Override
    protected Object convertFromInternal(
        Message<?> message, Class<?> targetClass, Object conversionHint) {
      return new String((byte[]) message.getPayload(), StandardCharsets.UTF_8);
    }
  }
}
