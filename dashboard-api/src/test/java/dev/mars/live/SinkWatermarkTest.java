package dev.mars.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SinkWatermarkTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void isTheLowestOfTheSubtasksOfTheNewestParallelism() {
    JsonNode answer =
        answer(
            progress(0, 2, "2026-11-26T10:00:05.000Z"),
            progress(1, 2, "2026-11-26T10:00:03.000Z"), // retrying: holds the others back
            progress(7, 10, "2026-11-26T09:00:00.000Z")); // of the job before a rescale

    assertThat(SinkWatermark.lowest(answer))
        .hasValue(java.time.Instant.parse("2026-11-26T10:00:03.000Z").toEpochMilli());
  }

  @Test
  void isUnknownUntilEverySubtaskHasSaid() {
    assertThat(SinkWatermark.lowest(answer(progress(0, 2, "2026-11-26T10:00:05.000Z"))))
        .isEqualTo(OptionalLong.empty());
    assertThat(SinkWatermark.lowest(answer())).isEqualTo(OptionalLong.empty());
  }

  private static String progress(int subtask, int parallelism, String at) {
    return """
        {"_source":{"subtask":%d,"parallelism":%d,"updated_at":"%s"}}"""
        .formatted(subtask, parallelism, at);
  }

  private static JsonNode answer(String... hits) {
    return JSON.readTree("{\"hits\":{\"hits\":[" + String.join(",", hits) + "]}}");
  }
}
