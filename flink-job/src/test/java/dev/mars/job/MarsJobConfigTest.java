package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mars.alert.AlertTopic;
import dev.mars.counter.RequestIdMemory;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class MarsJobConfigTest {

  @Test
  void checkpointsEndWellWithinTheAlertsTransactionTimeout() throws Exception {
    StreamExecutionEnvironment env = MarsJobConfig.load(new String[0], Map.of()).environment();

    long timeout = env.getCheckpointConfig().getCheckpointTimeout();
    int tolerable = env.getCheckpointConfig().getTolerableCheckpointFailureNumber();
    assertThat(timeout * (tolerable + 1)).isLessThan(AlertTopic.TRANSACTION_TIMEOUT.toMillis());
    for (String[] unsafe :
        new String[][] {
          {"--checkpoint.timeout.ms", "600000"},
          {"--checkpoint.tolerable-failures", "5"},
        }) {
      assertThatThrownBy(() -> MarsJobConfig.load(unsafe, Map.of()).environment())
          .as(unsafe[0])
          .hasMessageContaining("transaction timeout");
    }
  }

  @Test
  void chainedOperatorsPassRecordsOnWithoutACopyUnlessTurnedOff() throws Exception {
    assertThat(MarsJobConfig.load(new String[0], Map.of()).environment().getConfig())
        .matches(config -> config.isObjectReuseEnabled());
    assertThat(
            MarsJobConfig.load(new String[] {"--pipeline.object-reuse", "false"}, Map.of())
                .environment()
                .getConfig())
        .matches(config -> !config.isObjectReuseEnabled());
  }

  @Test
  void outputBuffersWaitAsLongAsConfigured() throws Exception {
    assertThat(MarsJobConfig.load(new String[0], Map.of()).environment().getBufferTimeout())
        .isEqualTo(500);
    assertThat(
            MarsJobConfig.load(new String[] {"--pipeline.buffer-timeout.ms", "250"}, Map.of())
                .environment()
                .getBufferTimeout())
        .isEqualTo(250);
  }

  @Test
  void countersRememberRequestIdsForMinutesAndUpToACount() throws Exception {
    assertThat(MarsJobConfig.load(new String[0], Map.of()).counterPipeline().requestIds())
        .isEqualTo(new RequestIdMemory(Duration.ofMinutes(5), 250_000));
    assertThat(
            MarsJobConfig.load(
                    new String[] {
                      "--counters.request-id-retention.minutes", "0.5",
                      "--counters.request-ids.max-per-counter", "1000"
                    },
                    Map.of())
                .counterPipeline()
                .requestIds())
        .isEqualTo(new RequestIdMemory(Duration.ofSeconds(30), 1000));
    assertThat(
            MarsJobConfig.load(
                    new String[0], Map.of("MARS_COUNTERS_REQUEST_ID_RETENTION_HOURS", "0.25"))
                .counterPipeline()
                .requestIds()
                .retention())
        .as("the setting's earlier name")
        .isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(
            () ->
                MarsJobConfig.load(
                        new String[] {"--counters.request-ids.max-per-counter", "0"}, Map.of())
                    .counterPipeline())
        .hasMessageContaining("counters.request-ids.max-per-counter must be positive");
  }

  @Test
  void theEmbeddedRestApiListensOnLoopbackOnly() {
    assertThat(MarsJobConfig.loopbackOnly("127.0.0.1")).isEqualTo("127.0.0.1");
    assertThat(MarsJobConfig.loopbackOnly("::1")).isEqualTo("::1");
    for (String wide : new String[] {"0.0.0.0", "", "::", "192.0.2.7"}) {
      assertThatThrownBy(() -> MarsJobConfig.loopbackOnly(wide))
          .as(wide)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no authentication");
    }
  }
}
