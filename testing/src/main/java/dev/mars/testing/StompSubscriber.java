package dev.mars.testing;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/** A real STOMP-over-WebSocket client that collects the JSON frames of its subscriptions. */
public final class StompSubscriber implements AutoCloseable {

  private final WebSocketStompClient client;
  private final StompSession session;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final java.util.List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final ErrorCollector errors;

  private StompSubscriber(
      WebSocketStompClient client, StompSession session, ErrorCollector errors) {
    this.client = client;
    this.session = session;
    this.errors = errors;
  }

  /** Connects to a STOMP endpoint such as {@code ws://127.0.0.1:4001/ws}. */
  public static StompSubscriber connect(String url) throws Exception {
    return connect(url, new StompHeaders());
  }

  /** Connects as a user: {@code login} and {@code passcode} in the CONNECT frame. */
  public static StompSubscriber connect(String url, String login, String passcode)
      throws Exception {
    return connect(url, credentials(login, passcode));
  }

  /** Connects with the given CONNECT headers ({@code Authorization}, say). */
  public static StompSubscriber connect(String url, Map<String, String> connectHeaders)
      throws Exception {
    StompHeaders headers = new StompHeaders();
    connectHeaders.forEach(headers::add);
    return connect(url, headers);
  }

  private static StompSubscriber connect(String url, StompHeaders connectHeaders) throws Exception {
    ErrorCollector errors = new ErrorCollector();
    WebSocketStompClient client = client();
    StompSession session =
        client
            .connectAsync(url, new WebSocketHttpHeaders(), connectHeaders, errors)
            .get(10, TimeUnit.SECONDS);
    session.setAutoReceipt(true);
    return new StompSubscriber(client, session, errors);
  }

  /**
   * Tries to connect, expecting the server to refuse the CONNECT: returns the ERROR frame's message
   * (null login for none); fails when the connection is accepted or nothing comes in time.
   */
  public static String refusedConnection(
      String url, String login, String passcode, Duration timeout) throws Exception {
    ErrorCollector errors = new ErrorCollector();
    WebSocketStompClient client = client();
    try {
      CompletableFuture<StompSession> session =
          client.connectAsync(
              url,
              new WebSocketHttpHeaders(),
              login == null ? new StompHeaders() : credentials(login, passcode),
              errors);
      String error = errors.messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (session.isDone() && !session.isCompletedExceptionally()) {
        session.get().disconnect();
        throw new AssertionError("the server accepted the connection");
      }
      if (error == null) {
        throw new AssertionError("no STOMP ERROR frame within " + timeout);
      }
      return error;
    } finally {
      client.stop();
    }
  }

  private static StompHeaders credentials(String login, String passcode) {
    StompHeaders headers = new StompHeaders();
    headers.setLogin(login);
    headers.setPasscode(passcode);
    return headers;
  }

  private static WebSocketStompClient client() {
    WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    client.setMessageConverter(new JsonText());
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.initialize();
    client.setTaskScheduler(scheduler);
    return client;
  }

  /** Subscribes and returns once the server confirmed the subscription with a receipt. */
  public void subscribe(String destination) throws Exception {
    subscribe(destination, Map.of());
  }

  /** Subscribes with extra headers (a filtered view's {@code query}), waiting for the receipt. */
  public void subscribe(String destination, Map<String, String> extraHeaders) throws Exception {
    CompletableFuture<Void> receipt = new CompletableFuture<>();
    StompSession.Subscription subscription = start(destination, extraHeaders);
    subscription.addReceiptTask(() -> receipt.complete(null));
    subscription.addReceiptLostTask(
        () -> receipt.completeExceptionally(new IllegalStateException("no receipt")));
    receipt.get(10, TimeUnit.SECONDS);
  }

  /** Sends a JSON frame to {@code destination}, as a client may try to. */
  public void send(String destination, String json) {
    session.send(destination, json);
  }

  /** Subscribes without waiting: for a subscription the server is expected to refuse. */
  public void subscribeWithoutReceipt(String destination, Map<String, String> extraHeaders) {
    start(destination, extraHeaders);
  }

  private StompSession.Subscription start(String destination, Map<String, String> extraHeaders) {
    StompHeaders headers = new StompHeaders();
    headers.setDestination(destination);
    extraHeaders.forEach(headers::add);
    return session.subscribe(
        headers,
        new StompFrameHandler() {
          @Override
          public Type getPayloadType(StompHeaders headers) {
            return String.class;
          }

          @Override
          public void handleFrame(StompHeaders headers, Object payload) {
            frames.add((String) payload);
            all.add((String) payload);
          }
        });
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

  /**
   * The {@code message} header of the first ERROR frame the server sent; fails after the timeout.
   */
  public String awaitError(Duration timeout) throws InterruptedException {
    String error = errors.messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (error == null) {
      throw new AssertionError("no STOMP ERROR frame within " + timeout);
    }
    return error;
  }

  /** Every frame received so far, in order, whether {@link #awaitFrame} took it or not. */
  public java.util.List<String> received() {
    return java.util.List.copyOf(all);
  }

  @Override
  public void close() {
    try {
      session.disconnect();
    } catch (RuntimeException alreadyClosed) {
      // The server closes the connection after an ERROR frame, maybe while we disconnect.
    }
    client.stop();
  }

  /** Keeps the ERROR frames a session gets, for {@link #awaitError}. */
  private static final class ErrorCollector extends StompSessionHandlerAdapter {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    @Override
    public Type getPayloadType(StompHeaders headers) {
      return String.class;
    }

    @Override
    public void handleFrame(StompHeaders headers, Object payload) {
      // Only ERROR frames reach the session handler; subscriptions have their own.
      String message = headers.getFirst("message");
      messages.add(message != null ? message : String.valueOf(payload));
    }

    @Override
    public void handleException(
        StompSession session,
        StompCommand command,
        StompHeaders headers,
        byte[] payload,
        Throwable exception) {}

    @Override
    public void handleTransportError(StompSession session, Throwable exception) {}
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

    @Override
    protected Object convertToInternal(
        Object payload, org.springframework.messaging.MessageHeaders headers, Object hint) {
      return ((String) payload).getBytes(StandardCharsets.UTF_8);
    }
  }
}
