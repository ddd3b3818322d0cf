package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void writesWhatAJsonParserReadsBackExactly() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("channel", "push");
    attributes.put("quote\"key", "line\nbreak\\ tab\t ctrl\u0001 é 😀");
    Event event =
        new Event(
            "id-1",
            "app \"00\"",
            "m/1",
            "MESSAGE_CREATED",
            Instant.parse("2026-11-23T10:00:00.250Z"),
            "server",
            "ext",
            attributes);

    JsonNode read = JSON.readTree(new String(EventJson.toBytes(event), StandardCharsets.UTF_8));

    assertThat(read).isEqualTo(JSON.valueToTree(event));
    assertThat(read.get("attributes").get("quote\"key").asString())
        .isEqualTo("line\nbreak\\ tab\t ctrl\u0001 é 😀");
  }

  @Test
  void leavesOutTheOptionalFieldsThatAreAbsent() {
    Event event =
        new Event("id-1", "a", "m", "E", Instant.parse("2026-11-23T10:00:00Z"), null, null, null);

    assertThat(new String(EventJson.toBytes(event), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"event_id\":\"id-1\",\"app_id\":\"a\",\"message_id\":\"m\",\"event\":\"E\","
                + "\"created_at\":\"2026-11-23T10:00:00Z\"}");
  }
}
