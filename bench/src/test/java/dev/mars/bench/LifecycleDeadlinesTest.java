package dev.mars.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LifecycleDeadlinesTest {

  @Test
  void readsTheJobsOwnLifecycleFile() throws Exception {
    LifecycleDeadlines deadlines =
        LifecycleDeadlines.read(Path.of("../flink-job/src/main/resources/lifecycles.yaml"));

    assertThat(deadlines.fromStart("MESSAGE_CREATED")).isZero();
    assertThat(deadlines.fromStart("MESSAGE_DELIVERED")).isEqualTo(60_000);
    assertThat(deadlines.fromStart("NOT_A_STAGE")).isEqualTo(LifecycleDeadlines.NONE);
  }

  @Test
  void readsEveryUnitAndAStageWithoutDeadline() {
    LifecycleDeadlines deadlines =
        LifecycleDeadlines.parse(
            """
            default:
              - stage: A
                within: 500ms
              - stage: B
                within: 2m
              - stage: C
            """);

    assertThat(deadlines.fromStart("A")).isEqualTo(500);
    assertThat(deadlines.fromStart("B")).isEqualTo(120_000);
    assertThat(deadlines.fromStart("C")).isEqualTo(LifecycleDeadlines.NONE);
    assertThat(LifecycleDeadlines.millis("1d")).isEqualTo(86_400_000);
  }

  @Test
  void refusesADeadlineItCannotFollow() {
    assertThatThrownBy(
            () ->
                LifecycleDeadlines.parse(
                    "default:\n  - stage: A\n  - stage: B\n    within: 1s\n    after: A\n"))
        .hasMessageContaining("after");
  }
}
