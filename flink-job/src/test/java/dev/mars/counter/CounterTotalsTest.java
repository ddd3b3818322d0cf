package dev.mars.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CounterTotalsTest {

  private static final String KEY = "signups";
  private static final long WINDOW_END = 1_000;

  private KeyedOneInputStreamOperatorTestHarness<String, IncrementBatch, CounterDocument> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new CounterTotals(Duration.ofHours(1))),
            IncrementBatch::key,
            Types.STRING);
    harness.getExecutionConfig().disableGenericTypes();
    harness.open();
    harness.setProcessingTime(WINDOW_END);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void writesTheWholeTotalAfterEachWindow() throws Exception {
    harness.processElement(batch(inc(2, "r-1"), inc(-5, "r-2")));
    harness.processElement(batch(inc(Long.MAX_VALUE - 10, "r-3")));

    List<CounterDocument> written = harness.extractOutputValues();
    assertThat(written)
        .extracting(CounterDocument::getValue)
        .containsExactly(-3L, Long.MAX_VALUE - 13);
    assertThat(written.get(1).getKey()).isEqualTo(KEY);
    assertThat(written.get(1).getUpdatedAt()).isEqualTo(WINDOW_END);
  }

  @Test
  void countsARetriedRequestOnce() throws Exception {
    harness.processElement(batch(inc(2, "r-1"), inc(2, "r-1")));
    harness.processElement(batch(inc(2, "r-1")));
    harness.processElement(batch(inc(3, null), inc(3, null)));

    assertThat(harness.extractOutputValues())
        .extracting(CounterDocument::getValue)
        .containsExactly(2L, 8L);
  }

  @Test
  void survivesARestoreFromASnapshot() throws Exception {
    harness.processElement(batch(inc(2, "r-1")));
    var snapshot = harness.snapshot(1, WINDOW_END);
    harness.close();

    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new CounterTotals(Duration.ofHours(1))),
            IncrementBatch::key,
            Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    harness.processElement(batch(inc(2, "r-1"), inc(5, "r-2")));

    assertThat(harness.extractOutputValues())
        .extracting(CounterDocument::getValue)
        .containsExactly(7L);
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1); // the sweep of request ids
  }

  @Test
  void forgetsARequestIdOnceItsRetentionIsOverAndSweepsIt() throws Exception {
    harness.processElement(batch(inc(2, "r-1")));
    long retention = Duration.ofHours(1).toMillis();

    harness.setProcessingTime(WINDOW_END + retention - 1);
    harness.processElement(batch(inc(2, "r-1"), inc(1, "r-2")));
    assertThat(harness.extractOutputValues())
        .extracting(CounterDocument::getValue)
        .containsExactly(2L, 3L);

    harness.setProcessingTime(WINDOW_END + 3 * retention);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1); // the total; both ids swept
    assertThat(harness.numProcessingTimeTimers()).isZero();
    harness.processElement(batch(inc(2, "r-1")));
    assertThat(harness.extractOutputValues())
        .extracting(CounterDocument::getValue)
        .containsExactly(2L, 3L, 5L);
  }

  private static Increment inc(long value, String requestId) {
    return new Increment(KEY, value, requestId);
  }

  private static StreamRecord<IncrementBatch> batch(Increment... increments) {
    return new StreamRecord<>(new IncrementBatch(List.of(increments)));
  }
}
