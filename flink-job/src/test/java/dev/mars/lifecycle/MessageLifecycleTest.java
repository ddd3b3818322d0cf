package dev.mars.lifecycle;

import static dev.mars.lifecycle.Events.T0;
import static dev.mars.lifecycle.Events.T0_PLUS_1S;
import static dev.mars.lifecycle.Events.T0_PLUS_2S;
import static dev.mars.lifecycle.Events.batch;
import static dev.mars.lifecycle.Events.created;
import static dev.mars.lifecycle.Events.reachedBackend;
import static dev.mars.lifecycle.Events.reachedFrontend;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.event.MessageKey;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageLifecycleTest {

  private static final long WINDOW_1_END = 1_000;
  private static final long WINDOW_2_END = 2_000;

  private KeyedOneInputStreamOperatorTestHarness<String, EventBatch, MessageDocument> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MessageLifecycle()),
            EventBatch::messageKey,
            Types.STRING);
    harness.getExecutionConfig().disableGenericTypes();
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void writesTheWholeMessageAfterEveryWindowThatBringsSomethingNew() throws Exception {
    harness.setProcessingTime(WINDOW_1_END);
    harness.processElement(new StreamRecord<>(batch(reachedBackend(T0_PLUS_1S), created(T0))));
    harness.setProcessingTime(WINDOW_2_END);
    harness.processElement(new StreamRecord<>(batch(reachedFrontend(T0_PLUS_2S))));

    List<MessageDocument> documents = harness.extractOutputValues();
    assertThat(documents).hasSize(2);
    MessageDocument latest = documents.get(1);
    assertThat(latest.getEvents())
        .containsExactly(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(T0_PLUS_2S));
    assertThat(latest.getId()).isEqualTo(MessageKey.documentId(Events.APP, Events.MESSAGE));
    assertThat(latest.getFirstSeen()).isEqualTo(T0);
    assertThat(latest.getLastSeen()).isEqualTo(T0_PLUS_2S);
    assertThat(latest.getUpdatedAt()).isEqualTo(WINDOW_2_END);
  }

  @Test
  void writesNothingForAWindowOfRepeats() throws Exception {
    harness.processElement(new StreamRecord<>(batch(created(T0))));
    harness.processElement(new StreamRecord<>(batch(created(T0))));

    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void keepsOneStateEntryPerMessageAndNoTimers() throws Exception {
    harness.processElement(new StreamRecord<>(batch(created(T0))));
    harness.processElement(
        new StreamRecord<>(
            batch(new dev.mars.event.MessageEvent("e-1", "app-01", "m-2", "MESSAGE_CREATED", T0))));

    assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }
}
