package dev.mars.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.time.ZoneOffset.UTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventParserTest {

  /** The fixtures' dates are of 2026-11-23: read as on that day. */
  private final EventParser parser =
      new EventParser(
          Duration.ofDays(365), Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), UTC));

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
  void readsWhatAnEventSaysAboutItsMessage() throws Exception {
    MessageEvent event =
        parser.parse(
            """
            {"app_id":"a","message_id":"m","event":"E","created_at":"2026-11-23T10:00:00Z",
             "external_id":"ext-9","attributes":{"channel":"sms","attempt":"2"}}"""
                .getBytes(UTF_8));

    assertThat(event.getDescription().getExternalId()).isEqualTo("ext-9");
    assertThat(event.getDescription().getAttributes())
        .containsExactly("channel", "sms", "attempt", "2");
  }

  @Test
  void refusesAttributesThatCouldNotBeSearchedOrWouldNotFit() {
    String base =
        "{\"app_id\":\"a\",\"message_id\":\"m\",\"event\":\"E\","
            + "\"created_at\":\"2026-11-23T10:00:00Z\",\"attributes\":";
    assertThatThrownBy(() -> parser.parse((base + "{\"a b\":\"v\"}}").getBytes(UTF_8)))
        .hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> parser.parse((base + "{\"k\":{\"x\":1}}}").getBytes(UTF_8)))
        .hasMessage("attributes.k is not a string");
    assertThatThrownBy(
            () -> parser.parse((base + "{\"k\":\"" + "v".repeat(300) + "\"}}").getBytes(UTF_8)))
        .hasMessageContaining("attributes.k")
        .hasMessageContaining("256");
    assertThatThrownBy(() -> parser.parse((base + "[\"k\"]}").getBytes(UTF_8)))
        .hasMessage("attributes is not an object of strings");
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

  @Test
  void refusesATimeOutsideTheRangeOfTheClockWithoutOverflowing() {
    EventParser parser =
        new EventParser(
            Duration.ofDays(365), Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), UTC));
    for (String time :
        new String[] {
          "+300000000-01-01T00:00:00Z", "-300000000-01-01T00:00:00Z", "2028-01-01T00:00:00Z"
        }) {
      assertThatThrownBy(() -> parser.parse(event("E", time)))
          .isInstanceOf(EventParser.InvalidEventException.class)
          .hasMessageStartingWith("created_at must be within 365 days of the server's time");
    }
  }

  @Test
  void judgesTheTimeAgainstWhenTheRecordWasWrittenSoThatALaggingJobDecidesTheSame()
      throws Exception {
    EventParser parser =
        new EventParser(
            Duration.ofDays(365), Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), UTC));
    byte[] yearOld = event("E", "2025-11-21T00:00:00Z"); // 370 days before the job's clock

    assertThat(parser.parse(yearOld, Instant.parse("2026-11-19T00:00:00Z")).getEvent())
        .isEqualTo("E"); // written a week ago, when it was within range
    assertThatThrownBy(() -> parser.parse(yearOld, Instant.EPOCH)) // no believable timestamp
        .hasMessageStartingWith("created_at must be within 365 days");
  }

  @Test
  void refusesControlCharactersLongNamesAndBrokenUnicodeNamingTheField() {
    assertThatThrownBy(() -> parser.parse(event("A\\u0000B", "2026-11-23T10:00:00Z")))
        .hasMessage("event must not contain control characters (U+0000 at position 1)");
    assertThatThrownBy(() -> parser.parse(event("x".repeat(129), "2026-11-23T10:00:00Z")))
        .hasMessage("event is longer than 128 characters");
    assertThatThrownBy(() -> parser.parse(event("\\ud800", "2026-11-23T10:00:00Z")))
        .hasMessageStartingWith("event is not valid Unicode");
  }

  @Test
  void keepsNamesWithDotsAndSpaces() throws Exception {
    assertThat(parser.parse(event("x.y", "2026-11-23T10:00:00Z")).getEvent()).isEqualTo("x.y");
    assertThat(parser.parse(event("TEST EVENT FOR 42", "2026-11-23T10:00:00Z")).getEvent())
        .isEqualTo("TEST EVENT FOR 42");
  }

  @Test
  void skipsFieldsItDoesNotKnowAndTakesTheLastOfRepeatedOnes() throws Exception {
    MessageEvent event =
        parser.parse(
            ("{\"app_id\":\"a\",\"extra\":{\"event\":[\"X\",{\"event\":\"Y\"}]},"
                    + "\"message_id\":\"m\",\"event\":\"FIRST\",\"event\":\"LAST\","
                    + "\"event_id\":null,\"created_at\":\"2026-11-23T10:00:00Z\"}")
                .getBytes(UTF_8));

    assertThat(event.getEvent()).isEqualTo("LAST");
    assertThat(event.getEventId())
        .isEqualTo(EventIds.derive("a", "m", "LAST", Instant.parse("2026-11-23T10:00:00Z")));
  }

  @Test
  void refusesAnEventIdThatIsNotAString() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    ("{\"event_id\":{\"a\":1},\"app_id\":\"a\",\"message_id\":\"m\","
                            + "\"event\":\"E\",\"created_at\":\"2026-11-23T10:00:00Z\"}")
                        .getBytes(UTF_8)))
        .hasMessage("event_id is not a non-empty string");
  }

  private static byte[] event(String name, String createdAt) {
    return ("{\"app_id\":\"a\",\"message_id\":\"m\",\"event\":\""
            + name
            + "\",\"created_at\":\""
            + createdAt
            + "\"}")
        .getBytes(UTF_8);
  }
}
