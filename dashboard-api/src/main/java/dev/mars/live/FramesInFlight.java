package dev.mars.live;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;

/**
 * Counts, per session, the frames on their way to the client (sent to the outbound channel and not
 * yet written), so that an ERROR can wait for them: Spring writes an ERROR frame and closes the
 * connection at once, and an ERROR that met another frame being written to the same client waited
 * in the session's buffer and was lost with the close. A session with none in flight has no entry.
 */
final class FramesInFlight implements ExecutorChannelInterceptor {

  private final Map<String, Integer> bySession = new ConcurrentHashMap<>();

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
    if (session != null) {
      bySession.merge(session, 1, Integer::sum);
    }
    return message;
  }

  @Override
  public void afterMessageHandled(
      Message<?> message, MessageChannel channel, MessageHandler handler, Exception failure) {
    String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
    if (session != null) {
      bySession.computeIfPresent(session, (s, count) -> count > 1 ? count - 1 : null);
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /**
   * Waits until no frame is on its way to {@code session}, or {@code timeout} has passed (a frame
   * dropped by a full queue is never written, and so never counted off).
   */
  synchronized void awaitNone(String session, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bySession.containsKey(session)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Forgets a session that ended. */
  void forget(String session) {
    bySession.remove(session);
  }

  /** Sessions with frames on their way, for tests. */
  int sessions() {
    return bySession.size();
  }
}
