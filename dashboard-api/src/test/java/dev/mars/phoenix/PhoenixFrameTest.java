package dev.mars.phoenix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class PhoenixFrameTest {

  @Test
  void readsAVersionTwoFrame() {
    PhoenixFrame frame = PhoenixFrame.parse("[\"3\",\"3\",\"event_timeline:m-1\",\"phx_join\",{}]");

    assertThat(frame.joinRef()).isEqualTo("3");
    assertThat(frame.ref()).isEqualTo("3");
    assertThat(frame.topic()).isEqualTo("event_timeline:m-1");
    assertThat(frame.event()).isEqualTo("phx_join");
  }

  @Test
  void readsAHeartbeatWithoutAJoinRef() {
    PhoenixFrame frame = PhoenixFrame.parse("[null,\"7\",\"phoenix\",\"heartbeat\",{}]");

    assertThat(frame.joinRef()).isNull();
    assertThat(frame.toJson()).isEqualTo("[null,\"7\",\"phoenix\",\"heartbeat\",{}]");
  }

  @Test
  void repliesToTheRequestsRefsAndTopic() {
    PhoenixFrame join = PhoenixFrame.parse("[\"3\",\"4\",\"event_timeline:m\",\"phx_join\",{}]");

    assertThat(PhoenixFrame.reply(join, "ok", JsonNodeFactory.instance.stringNode("x")).toJson())
        .isEqualTo(
            "[\"3\",\"4\",\"event_timeline:m\",\"phx_reply\",{\"status\":\"ok\",\"response\":\"x\"}]");
  }

  @Test
  void refusesWhatIsNotAFrameSayingWhy() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PhoenixFrame.parse("{\"topic\":\"x\"}"))
        .withMessageContaining("[join_ref, ref, topic, event, payload]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PhoenixFrame.parse("not json"))
        .withMessage("a frame must be JSON");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PhoenixFrame.parse("[null,null,7,\"phx_join\",{}]"))
        .withMessage("topic must be a string");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> PhoenixFrame.parse("[null,null,\"" + "t".repeat(513) + "\",\"phx_join\",{}]"))
        .withMessage("topic is longer than 512 characters");
  }

  @Test
  void knowsOnlyTimelineTopicsWithAValidMessageId() {
    assertThat(TimelineTopic.messageId("event_timeline:order-1")).contains("order-1");
    assertThat(TimelineTopic.messageId("event_timeline:")).isEmpty();
    assertThat(TimelineTopic.messageId("rooms:lobby")).isEmpty();
    assertThat(TimelineTopic.messageId("event_timeline:" + "x".repeat(1_000))).isEmpty();
  }
}
