package dev.mars.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CounterTotalsTest {

  private static final String KEY = "signups";
  private static final long WINDOW_END = 1_000;
  private static final int MAX_IDS = 8;
  private static final RequestIdMemory MEMORY = new RequestIdMemory(Duration.ofHours(1), MAX_IDS);

  private KeyedOneInputStreamOperatorTestHarness<String, IncrementBatch, CounterDocument> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new CounterTotals(MEMORY)),
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
            new KeyedProcessOperator<>(new CounterTotals(MEMORY)),
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

  @Test
  void forgetsTheQuarterSeenLongestAgoOnceACounterRemembersItsLimit() throws Exception {
    for (int i = 0; i < MAX_IDS; i++) {
      harness.setProcessingTime(WINDOW_END + i);
      harness.processElement(batch(inc(1, "r-" + i)));
    }
    assertThat(rememberedIds()).isEqualTo(MAX_IDS);

    harness.setProcessingTime(WINDOW_END + MAX_IDS);
    harness.processElement(batch(inc(1, "r-new")));
    assertThat(rememberedIds()).isEqualTo(MAX_IDS - MAX_IDS / 4 + 1);

    assertThat(rememberedIdSet()).doesNotContain("r-0", "r-1").contains("r-2", "r-7", "r-new");
    harness.processElement(batch(inc(1, "r-1"), inc(1, "r-2"), inc(1, "r-7")));
    assertThat(last()).as("r-1 forgotten, counts again").isEqualTo(MAX_IDS + 2);
  }

  @Test
  void forgetsExactlyAQuarterOfIdsSeenAtTheSameTime() throws Exception {
    Increment[] window = new Increment[MAX_IDS];
    for (int i = 0; i < MAX_IDS; i++) {
      window[i] = inc(1, "r-" + i);
    }
    harness.processElement(batch(window));
    harness.setProcessingTime(WINDOW_END + 1);
    harness.processElement(batch(inc(1, "r-new")));

    Set<String> remembered = rememberedIdSet();
    assertThat(remembered).contains("r-new").hasSize(MAX_IDS - MAX_IDS / 4 + 1);
    assertThat(remembered.stream().filter(id -> !id.equals("r-new")))
        .hasSize(MAX_IDS - MAX_IDS / 4)
        .allMatch(id -> id.matches("r-[0-7]"));
  }

  @Test
  void aFloodOfDistinctIdsNeverGrowsTheStatePastTheLimit() throws Exception {
    for (int window = 0; window < 100; window++) {
      harness.setProcessingTime(WINDOW_END + window);
      Increment[] increments = new Increment[25];
      for (int i = 0; i < increments.length; i++) {
        increments[i] = inc(1, "flood-" + window + "-" + i);
      }
      harness.processElement(batch(increments));
      assertThat(rememberedIds()).isLessThanOrEqualTo(MAX_IDS);
    }
    assertThat(last()).isEqualTo(2_500);
    harness.processElement(batch(inc(1, "flood-99-24"), inc(1, "flood-0-0")));
    assertThat(last()).as("the latest id still counts once").isEqualTo(2_501);
  }

  private int rememberedIds() throws Exception {
    return rememberedIdSet().size();
  }

  private Set<String> rememberedIdSet() throws Exception {
    var backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(KEY);
    MapState<String, Long> seen =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>("seen-request-times", Types.STRING, Types.LONG));
    Set<String> ids = new HashSet<>();
    seen.keys().forEach(ids::add);
    return ids;
  }

  private long last() {
    List<CounterDocument> written = harness.extractOutputValues();
    return written.get(written.size() - 1).getValue();
  }

  private static Increment inc(long value, String requestId) {
    return new Increment(KEY, value, requestId);
  }

  private static StreamRecord<IncrementBatch> batch(Increment... increments) {
    return new StreamRecord<>(new IncrementBatch(List.of(increments)));
  }
}
