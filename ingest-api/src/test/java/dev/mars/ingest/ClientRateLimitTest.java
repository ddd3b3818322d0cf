package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientRateLimitTest {

  private static final long T0 = TimeUnit.SECONDS.toNanos(100);

  @Test
  void letsABurstOfOneSecondThroughThenSaysHowLongToWait() {
    ClientRateLimit.TokenBucket bucket = new ClientRateLimit.TokenBucket(2, T0);

    assertThat(bucket.take(T0)).isZero();
    assertThat(bucket.take(T0)).isZero();
    assertThat(bucket.take(T0)).isEqualTo(500);
  }

  @Test
  void refillsAtTheRate() {
    ClientRateLimit.TokenBucket bucket = new ClientRateLimit.TokenBucket(2, T0);
    bucket.take(T0);
    bucket.take(T0);

    assertThat(bucket.take(T0 + TimeUnit.MILLISECONDS.toNanos(500))).isZero();
    assertThat(bucket.take(T0 + TimeUnit.MILLISECONDS.toNanos(500))).isPositive();
  }

  @Test
  void neverHoldsMoreThanOneSecondsWorth() {
    ClientRateLimit.TokenBucket bucket = new ClientRateLimit.TokenBucket(2, T0);
    long later = T0 + TimeUnit.SECONDS.toNanos(60);

    assertThat(bucket.take(later)).isZero();
    assertThat(bucket.take(later)).isZero();
    assertThat(bucket.take(later)).isPositive();
  }
}
