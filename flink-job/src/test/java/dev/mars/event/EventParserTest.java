package dev.mars.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventParserTest {

  private final EventParser parser = new EventParser();

  @Test
  void readsAnEvent() throws Exception {
    MessageEvent event =
        parser.parse(
            """
            {"app_id":"app-00","message_id":"m-1","event":"MESSAGE_CREATED",
             "created_at":"2026-11-23T10:00:00.250Z"}"""
                .getBytes(UTF_8));

    Instant createdAt = Instant.parse("2026-11-23T10:00:00.250Z");
    assertThat(event)
        .isEqualTo(
            new MessageEvent(
                EventIds.derive("app-00", "m-1", "MESSAGE_CREATED", createdAt),
                "app-00",
                "m-1",
                "MESSAGE_CREATED",
                createdAt.toEpochMilli()));
  }

  @Test
  void keepsTheSendersEventIdAndReadsATimeWithoutOffsetAsUtc() throws Exception {
    MessageEvent event =
        parser.parse(
            ("{\"event_id\":\"e-7\",\"app_id\":\"a\",\"message_id\":\"m\",\"event\":\"E\","
                    + "\"created_at\":\"2026-11-23T10:00:00\"}")
                .getBytes(UTF_8));

    assertThat(event.getEventId()).isEqualTo("e-7");
    assertThat(event.getCreatedAt())
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());
  }

  @Test
  void namesTheMissingField() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    "{\"app_id\":\"a\",\"event\":\"E\",\"created_at\":\"2026-11-23T10:00:00Z\"}"
                        .getBytes(UTF_8)))
        .hasMessageContaining("message_id");
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertThatThrownBy(() -> parser.parse("not json".getBytes(UTF_8)))
        .isInstanceOf(EventParser.InvalidEventException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void rejectsAnUnreadableTime() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    "{\"app_id\":\"a\",\"message_id\":\"m\",\"event\":\"E\",\"created_at\":\"yesterday\"}"
                        .getBytes(UTF_8)))
        .hasMessageContaining("created_at");
  }
}
