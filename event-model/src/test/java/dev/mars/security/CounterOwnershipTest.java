package dev.mars.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterOwnershipTest {

  @Test
  void theAppIsWhatComesBeforeTheFirstDotOrColon() {
    assertThat(CounterOwnership.appOf("app-a.orders")).isEqualTo("app-a");
    assertThat(CounterOwnership.appOf("app-a:orders.eu")).isEqualTo("app-a");
    assertThat(CounterOwnership.appOf("orders")).isNull();
    assertThat(CounterOwnership.appOf(".orders")).isNull();
  }

  @Test
  void loopbackIsThisMachineOnly() {
    assertThat(Loopback.isLoopback("127.0.0.1")).isTrue();
    assertThat(Loopback.isLoopback("::1")).isTrue();
    assertThat(Loopback.isLoopback("0.0.0.0")).isFalse();
    assertThat(Loopback.isLoopback("")).isFalse();
    assertThat(Loopback.isLoopback("*")).isFalse();
  }
}
