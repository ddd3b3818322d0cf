package dev.mars.live;

import jakarta.websocket.Session;
import java.time.Duration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Bounds how long writing a frame to a client that does not read may hold a thread that writes
 * frames: Tomcat's default is 20 seconds, during which that thread writes to nobody else. Past the
 * bound the write fails and the client is disconnected.
 */
public final class BlockingSendTimeout extends WebSocketHandlerDecorator {

  /** Tomcat reads it from each session's user properties. */
  static final String TOMCAT_PROPERTY = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  private final long timeoutMs;

  public BlockingSendTimeout(WebSocketHandler delegate, Duration timeout) {
    super(delegate);
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    if (session instanceof NativeWebSocketSession nativeSession) {
      Session tomcat = nativeSession.getNativeSession(Session.class);
      if (tomcat != null) {
        tomcat.getUserProperties().put(TOMCAT_PROPERTY, timeoutMs);
      }
    }
    super.afterConnectionEstablished(session);
  }
}
