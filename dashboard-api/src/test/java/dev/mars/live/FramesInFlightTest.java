package dev.mars.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.MessageBuilder;

class FramesInFlightTest {

  private final FramesInFlight frames = new FramesInFlight();

  @Test
  void keepsNoEntryForASessionWithNothingOnItsWay() throws Exception {
    Message<byte[]> receipt = frame("s-1", SimpMessageType.OTHER);
    frames.preSend(receipt, null);
    frames.preSend(receipt, null);
    frames.afterMessageHandled(receipt, null, null, null);
    assertThat(frames.sessions()).isEqualTo(1);
    frames.afterMessageHandled(receipt, null, null, null);

    assertThat(frames.sessions()).isZero();
    frames.awaitNone("s-1", Duration.ofSeconds(5)); // returns at once
  }

  @Test
  void forgetsASessionWhoseDisconnectAcknowledgementCameAfterItEnded() {
    frames.forget("s-2");
    Message<byte[]> ack = frame("s-2", SimpMessageType.DISCONNECT_ACK);
    frames.preSend(ack, null);
    frames.afterMessageHandled(ack, null, null, null);

    assertThat(frames.sessions()).isZero();
  }

  @Test
  void stopsWaitingAtItsDeadlineForAFrameThatWasNeverWritten() throws Exception {
    frames.preSend(frame("s-3", SimpMessageType.MESSAGE), null); // dropped: never handled
    long started = System.nanoTime();

    frames.awaitNone("s-3", Duration.ofMillis(200));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  private static Message<byte[]> frame(String session, SimpMessageType type) {
    SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(type);
    headers.setSessionId(session);
    return MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
  }
}
