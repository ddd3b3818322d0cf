package dev.mars.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void givesTheSameEventTheSameId() {
    assertThat(EventIds.derive("a", "m", "E", T0)).isEqualTo(EventIds.derive("a", "m", "E", T0));
    assertThat(EventIds.derive("a", "m", "E", T0)).hasSize(32);
  }

  @Test
  void givesDifferentEventsDifferentIds() {
    assertThat(EventIds.derive("a", "m", "E", T0))
        .isNotEqualTo(EventIds.derive("a", "m", "E", T0.plusMillis(1)))
        .isNotEqualTo(EventIds.derive("a", "m", "F", T0))
        .isNotEqualTo(EventIds.derive("am", "", "E", T0));
  }
}
