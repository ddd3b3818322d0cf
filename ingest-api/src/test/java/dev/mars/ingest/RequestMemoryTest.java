package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class RequestMemoryTest {

  private final RequestMemory memory = new RequestMemory(properties(DataSize.ofKilobytes(400)));

  @Test
  void refusesOneRequestPastAQuarterOfTheWhole() {
    try (RequestMemory.Reservation request = memory.reserve()) {
      request.add(90_000);
      assertThatThrownBy(() -> request.add(20_000))
          .isInstanceOf(RequestMemory.TooLarge.class)
          .hasMessageContaining("more than 102400 bytes in memory");
    }
  }

  @Test
  void refusesRequestsTogetherPastTheWholeUntilOneGivesItsShareBack() {
    RequestMemory.Reservation[] requests = new RequestMemory.Reservation[4];
    for (int i = 0; i < 4; i++) {
      requests[i] = memory.reserve();
      requests[i].add(100_000);
    }
    try (RequestMemory.Reservation fifth = memory.reserve()) {
      assertThatThrownBy(() -> fifth.add(10_000)).isInstanceOf(RequestMemory.Exhausted.class);
      requests[0].close();
      fifth.add(10_000);
    }
    for (int i = 1; i < 4; i++) {
      requests[i].close();
    }
  }

  @Test
  void estimatesManyShortKeysAtManyTimesTheirSizeOnTheWire() {
    StringBuilder attributes = new StringBuilder("{");
    for (int i = 0; i < 32; i++) {
      attributes.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }
    String event = "{\"app_id\":\"a\",\"attributes\":" + attributes + "}}";

    long estimate = RequestMemory.estimate(JsonMapper.builder().build().readTree(event));

    assertThat(estimate).isGreaterThan(10L * event.length());
  }

  private static IngestProperties properties(DataSize maxRequestMemory) {
    return new IngestProperties(
        "127.0.0.1:9092",
        "events",
        "increments",
        1,
        Duration.ofSeconds(2),
        10_000,
        DataSize.ofMegabytes(16),
        2_000,
        0,
        Duration.ofSeconds(1),
        Duration.ZERO,
        Duration.ofDays(365),
        maxRequestMemory,
        Duration.ofSeconds(60),
        "",
        "",
        "",
        (short) 1,
        1,
        "mars-flink-job");
  }
}
