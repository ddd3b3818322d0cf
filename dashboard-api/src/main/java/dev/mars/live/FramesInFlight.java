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
 * in the session's buffer and was lost with the close.
 */
final class FramesInFlight implements ExecutorChannelInterceptor {

  private final Map<String, int[]> bySession = new ConcurrentHashMap<>();

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
    if (session != null) {
      int[] count = bySession.computeIfAbsent(session, s -> new int[1]);
      synchronized (count) {
        count[0]++;
      }
    }
    return message;
  }

  @Override
  public void afterMessageHandled(
      Message<?> message, MessageChannel channel, MessageHandler handler, Exception failure) {
    String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
    int[] count = session == null ? null : bySession.get(session);
    if (count != null) {
      synchronized (count) {
        count[0]--;
        count.notifyAll();
      }
    }
  }

  /**
   * Waits until no frame is on its way to {@code session}, or {@code timeout} has passed (a frame
   * dropped by a full queue is never written, and so never counted off).
   */
  void awaitNone(String session, Duration timeout) throws InterruptedException {
    int[] count = bySession.get(session);
    if (count == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (count) {
      while (count[0] > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        count.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Forgets a session that ended. */
  void forget(String session) {
    bySession.remove(session);
  }
}
