package dev.mars.lifecycle.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LifecyclesFileTest {

  @Test
  void readsTheDefaultAndEachAppsOwnLifecycle() {
    Lifecycles lifecycles =
        LifecyclesFile.parse(
            """
            default:
              - stage: CREATED
              - stage: DELIVERED
                within: 30s
            apps:
              checkout:
                - stage: CREATED
                  within: 0s
                - stage: PAID
                  within: 2m
                - stage: SHIPPED
                  within: 1500ms
                  after: PAID
            """,
            "test.yaml");

    assertThat(lifecycles.forApp("anything").stages())
        .containsExactly(
            new ExpectedStage("CREATED", ExpectedStage.NO_DEADLINE, null),
            new ExpectedStage("DELIVERED", 30_000, null));
    assertThat(lifecycles.forApp("checkout").stages())
        .containsExactly(
            new ExpectedStage("CREATED", 0, null),
            new ExpectedStage("PAID", 120_000, null),
            new ExpectedStage("SHIPPED", 1_500, "PAID"));
  }

  @Test
  void shipsADefaultForTheStandardStages() {
    Lifecycle lifecycle = LifecyclesFile.defaults().forApp("app-00");

    assertThat(lifecycle.stages())
        .extracting(ExpectedStage::name)
        .containsExactly(
            "MESSAGE_CREATED",
            "MESSAGE_REACHED_BACKEND",
            "MESSAGE_IN_SEARCH_QUEUE",
            "MESSAGE_REACHED_FRONTEND",
            "MESSAGE_DELIVERED");
    assertThat(lifecycle.stages()).allMatch(ExpectedStage::hasDeadline);
  }

  @Test
  void namesTheLineAndFieldOfABadDuration() {
    assertInvalid(
        """
        default:
          - stage: CREATED
          - stage: DELIVERED
            within: 3 weeks
        """,
        "test.yaml line 4: default[1].within: '3 weeks' is not a duration such as 500ms, 30s, 2m or 1h");
  }

  @Test
  void namesAnUnknownKeyAndTheKeysItKnows() {
    assertInvalid(
        """
        default:
          - stage: CREATED
            deadline: 3s
        """,
        "test.yaml line 3: default[0].deadline: is not a known key (expected one of after, stage, within)");
  }

  @Test
  void requiresADefault() {
    assertInvalid(
        """
        apps:
          checkout:
            - stage: CREATED
        """,
        "test.yaml line 1: default: is required");
  }

  @Test
  void rejectsAStageListedTwice() {
    assertInvalid(
        """
        default:
          - stage: CREATED
          - stage: CREATED
            within: 1s
        """,
        "test.yaml line 3: default[1].stage: CREATED is listed twice");
  }

  @Test
  void rejectsAReferenceToALaterOrUnknownStage() {
    assertInvalid(
        """
        default:
          - stage: CREATED
          - stage: SENT
            within: 1s
            after: DELIVERED
          - stage: DELIVERED
        """,
        "test.yaml line 5: default[1].after: DELIVERED is not a stage listed before SENT");
  }

  @Test
  void rejectsAReferenceWithoutADeadline() {
    assertInvalid(
        """
        default:
          - stage: CREATED
          - stage: SENT
            after: CREATED
        """,
        "test.yaml line 4: default[1].after: needs a within");
  }

  @Test
  void rejectsAnEmptyLifecycleAndAStageWithoutAName() {
    assertInvalid(
        """
        default:
          - stage: CREATED
        apps:
          checkout: []
        """,
        "test.yaml line 4: apps.checkout: must be a list of at least one stage");
    assertInvalid(
        """
        default:
          - within: 1s
        """,
        "test.yaml line 2: default[0].stage: is required");
  }

  @Test
  void pointsAtTheLineOfAYamlSyntaxError() {
    assertThatThrownBy(
            () ->
                LifecyclesFile.parse(
                    """
                    default:
                      - stage: CREATED
                       within: [1s
                    """,
                    "test.yaml"))
        .isInstanceOf(InvalidLifecyclesException.class)
        .hasMessageStartingWith("test.yaml line 3: not YAML");
  }

  private static void assertInvalid(String yaml, String message) {
    assertThatThrownBy(() -> LifecyclesFile.parse(yaml, "test.yaml"))
        .isInstanceOf(InvalidLifecyclesException.class)
        .hasMessageStartingWith(message);
  }
}
