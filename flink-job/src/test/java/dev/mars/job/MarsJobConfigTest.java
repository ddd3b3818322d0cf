package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarsJobConfigTest {

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
