package dev.mars.lifecycle;

import static dev.mars.lifecycle.Events.BACKEND;
import static dev.mars.lifecycle.Events.BACKEND_DEADLINE;
import static dev.mars.lifecycle.Events.FRONTEND;
import static dev.mars.lifecycle.Events.FRONTEND_DEADLINE;
import static dev.mars.lifecycle.Events.T0;
import static dev.mars.lifecycle.Events.T0_PLUS_1S;
import static dev.mars.lifecycle.Events.T0_PLUS_2S;
import static dev.mars.lifecycle.Events.created;
import static dev.mars.lifecycle.Events.ofMessage;
import static dev.mars.lifecycle.Events.reachedBackend;
import static dev.mars.lifecycle.Events.reachedFrontend;
import static dev.mars.lifecycle.Events.records;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mars.deadletter.DeadLetter;
import dev.mars.event.MessageEvent;
import dev.mars.event.MessageKey;
import dev.mars.index.DocumentJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageLifecycleTest {

  private static final long WINDOW = 1_000;
  private static final long WINDOW_1_END = 1_000;
  private static final long WINDOW_2_END = 2_000;
  private static final long WINDOW_3_END = 3_000;
  private static final Duration STATE_TTL = Duration.ofHours(1);
  private static final Duration FINISHED_TTL = Duration.ofMinutes(5);
  private static final String INDEX = "messages-2026.11.23";

  private final InMemoryMessageStore store = new InMemoryMessageStore();
  private KeyedOneInputStreamOperatorTestHarness<String, MessageEvent, MessageDocument> harness;
  private MessageLimits limits = MessageLimits.DEFAULTS;
  private int documentsSeen;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness(STATE_TTL);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void writesTheWholeMessageOnceAWindowThatBroughtSomethingNew() throws Exception {
    send(reachedBackend(T0_PLUS_1S), created(T0));
    assertThat(documents()).isEmpty();

    endWindow(WINDOW_1_END);
    send(reachedFrontend(T0_PLUS_2S));
    endWindow(WINDOW_2_END);

    List<MessageDocument> written = documents();
    assertThat(written).hasSize(2);
    MessageDocument latest = written.get(1);
    assertThat(latest.getEvents())
        .containsExactlyElementsOf(
            records(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(T0_PLUS_2S)));
    assertThat(latest.getId()).isEqualTo(MessageKey.documentId(Events.APP, Events.MESSAGE));
    assertThat(latest.getIndex()).isEqualTo(INDEX);
    assertThat(latest.getFirstSeen()).isEqualTo(T0);
    assertThat(latest.getLastSeen()).isEqualTo(T0_PLUS_2S);
    assertThat(latest.getUpdatedAt()).isEqualTo(WINDOW_2_END);
    JsonNode json = DocumentJson.toJson(latest);
    assertThat(json.at("/stage_durations_ms/" + BACKEND).asLong()).isEqualTo(1_000);
    assertThat(json.at("/stage_durations_ms/" + FRONTEND).asLong()).isEqualTo(1_000);
  }

  @Test
  void opensAMessagesWindowWithItsFirstEventNotYetWritten() throws Exception {
    harness.setProcessingTime(700);
    send(created(T0));

    harness.setProcessingTime(1_000);
    assertThat(documents()).isEmpty();
    send(reachedBackend(T0_PLUS_1S)); // joins the open window
    harness.setProcessingTime(1_699);
    assertThat(documents()).isEmpty();

    harness.setProcessingTime(1_700);
    assertThat(documents()).hasSize(1);
    assertThat(last().eventCount()).isEqualTo(2);
  }

  @Test
  void writesAMessageOnceAsSoonAsItHoldsEveryStage() throws Exception {
    send(created(T0), reachedBackend(T0_PLUS_1S));
    harness.setProcessingTime(250);
    send(reachedFrontend(T0_PLUS_2S));

    harness.setProcessingTime(300); // the next tick, not the window's end
    assertThat(documents()).hasSize(1);
    assertThat(last().getStatus()).isEqualTo("complete");
    assertThat(last().getUpdatedAt()).isEqualTo(300);

    endWindow(WINDOW_2_END);
    assertThat(documents()).hasSize(1);
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void keepsWhatEventsSayAboutTheirMessageLatestValueFirst() throws Exception {
    send(
        created(T0).describing("ext-1", new String[] {"channel", "sms", "attempt", "1"}),
        reachedBackend(T0_PLUS_1S).describing(null, new String[] {"attempt", "2"}));
    endWindow(WINDOW_1_END);

    JsonNode json = DocumentJson.toJson(last());
    assertThat(json.path("external_id").asText()).isEqualTo("ext-1");
    assertThat(json.path("attributes").toString())
        .isEqualTo("{\"channel\":\"sms\",\"attempt\":\"2\"}");
    assertThat(json.path("attribute_pairs").toString())
        .isEqualTo("[\"channel=sms\",\"attempt=2\"]");
  }

  @Test
  void keepsAMessageThatSpansMidnightInTheIndexOfItsFirstDay() throws Exception {
    long beforeMidnight = java.time.Instant.parse("2026-11-23T23:59:59.900Z").toEpochMilli();
    send(created(beforeMidnight));
    endWindow(WINDOW_1_END);
    send(reachedBackend(beforeMidnight + 200)); // 2026-11-24
    endWindow(WINDOW_2_END);

    assertThat(documents()).extracting(MessageDocument::getIndex).containsOnly(INDEX);
    assertThat(documents()).extracting(MessageDocument::getId).containsOnly(last().getId());
  }

  @Test
  void countsARepeatedEventOnceAndWritesNothingForAWindowOfRepeats() throws Exception {
    send(created(T0), created(T0));
    endWindow(WINDOW_1_END);
    send(created(T0));
    endWindow(WINDOW_2_END);

    assertThat(documents()).hasSize(1);
    assertThat(documents().get(0).eventCount()).isEqualTo(1);
  }

  @Test
  void declaresAMessageStuckWhenTheInputPassesADeadlineWithoutItsStage() throws Exception {
    send(created(T0));
    endWindow(WINDOW_1_END);
    advanceInput(BACKEND_DEADLINE - 1);
    assertThat(last().getStatus()).isEqualTo("in_progress");

    advanceInput(BACKEND_DEADLINE);

    MessageDocument stuck = last();
    assertThat(stuck.getStatus()).isEqualTo("stuck");
    assertThat(stuck.getMissing()).containsExactly(BACKEND);
    assertThat(stuck.getStuckSince()).isEqualTo(BACKEND_DEADLINE);
    assertThat(statusChanges())
        .extracting(StatusChange::getFrom, StatusChange::getTo)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("in_progress", "stuck"));
    assertThat(harness.numEventTimeTimers()).isEqualTo(2); // the frontend's deadline, expiry
  }

  @Test
  void turnsLateWhenTheMissingStageArrivesAndStuckAgainWhenTheNextOneIsOverdue() throws Exception {
    send(created(T0));
    endWindow(WINDOW_1_END);
    advanceInput(BACKEND_DEADLINE);

    send(reachedBackend(BACKEND_DEADLINE + 2_000));
    endWindow(WINDOW_2_END);
    MessageDocument late = last();
    assertThat(late.getStatus()).isEqualTo("late");
    assertThat(late.getLate()).containsExactly(BACKEND);
    assertThat(late.getMissing()).isEmpty();

    advanceInput(FRONTEND_DEADLINE);
    assertThat(last().getStatus()).isEqualTo("stuck");
    assertThat(last().getMissing()).containsExactly(FRONTEND);
    assertThat(statusChanges())
        .extracting(StatusChange::getTo)
        .containsExactly("stuck", "late", "stuck");
    assertThat(statusChanges())
        .extracting(StatusChange::getAlertId)
        .doesNotHaveDuplicates()
        .allMatch(id -> id.startsWith(last().getId() + "-"));
  }

  @Test
  void completesAndKeepsNoDeadlineTimerOnceEveryStageArrived() throws Exception {
    send(created(T0), reachedBackend(T0_PLUS_1S));
    endWindow(WINDOW_1_END);
    send(reachedFrontend(T0_PLUS_2S));
    endWindow(WINDOW_2_END);

    assertThat(last().getStatus()).isEqualTo("complete");
    assertThat(statusChanges()).extracting(StatusChange::getTo).containsExactly("complete");
    advanceInput(FRONTEND_DEADLINE + 1);
    assertThat(statusChanges()).hasSize(1);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // expiry only
  }

  @Test
  void neverDeclaresMissingAStageThatCameAheadOfTheWatermarkButIsStillInTheWindow()
      throws Exception {
    send(created(T0));
    endWindow(WINDOW_1_END);
    send(reachedBackend(T0 + 9_000)); // read before the watermark, window still open

    advanceInput(BACKEND_DEADLINE + 5_000);

    assertThat(documents()).extracting(MessageDocument::getStatus).doesNotContain("stuck");
    assertThat(last().getEvents()).contains(RecordedEvent.of(reachedBackend(T0 + 9_000)));
    assertThat(statusChanges()).isEmpty();
  }

  @Test
  void flagsEventsOutOfTheExpectedOrderAndKeepsThem() throws Exception {
    send(created(T0), reachedFrontend(T0_PLUS_1S), reachedBackend(T0_PLUS_2S));
    endWindow(WINDOW_1_END);

    assertThat(last().getOutOfOrder()).containsExactly(FRONTEND);
    assertThat(last().eventCount()).isEqualTo(3);
    assertThat(last().getStatus()).isEqualTo("complete");
  }

  @Test
  void expiresAFinishedMessageSoonerAndCleansUpItsStateAndTimers() throws Exception {
    send(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(T0_PLUS_2S));
    advanceInput(T0_PLUS_2S); // the input's progress when the message's last event is merged
    endWindow(WINDOW_1_END);
    assertThat(harness.numProcessingTimeTimers()).isZero();

    writesBecomeSearchable();

    advanceInput(T0_PLUS_2S + FINISHED_TTL.toMillis() - 1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    advanceInput(T0_PLUS_2S + FINISHED_TTL.toMillis());

    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void keepsAMessageUntilItsLastDocumentIsSurelySearchable() throws Exception {
    send(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(T0_PLUS_2S));
    advanceInput(T0_PLUS_2S);
    endWindow(WINDOW_1_END); // the document is handed to the sink now

    // The input races ahead (a job catching up): the TTL is up before the write is searchable.
    advanceInput(T0_PLUS_2S + FINISHED_TTL.toMillis());
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    harness.setProcessingTime(WINDOW_1_END + MessageLifecycle.WRITE_VISIBLE_AFTER_MS);

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void keepsAMessageThatStillExpectsStagesForTheWholeStateTtl() throws Exception {
    send(created(T0));
    advanceInput(T0);
    endWindow(WINDOW_1_END);
    writesBecomeSearchable();

    advanceInput(T0 + STATE_TTL.toMillis() - 1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    writesBecomeSearchable(); // the stuck document written on the way
    advanceInput(T0 + STATE_TTL.toMillis());

    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void keepsAMessageUntilItsLastDeadlineEvenWhenTheTtlRunsOutSooner() throws Exception {
    harness.close();
    harness = newHarness(Duration.ofSeconds(5)); // shorter than the backend's deadline
    harness.open();
    send(created(T0));
    advanceInput(T0);
    endWindow(WINDOW_1_END);
    writesBecomeSearchable();

    advanceInput(BACKEND_DEADLINE);
    assertThat(last().getStatus()).isEqualTo("stuck");
    assertThat(last().getMissing()).containsExactly(BACKEND);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    advanceInput(FRONTEND_DEADLINE);
    assertThat(last().getMissing()).containsExactly(BACKEND, FRONTEND);
    writesBecomeSearchable();

    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void keepsAtMostItsLimitOfEventsCountingAndDeadLetteringTheRest() throws Exception {
    limits = new MessageLimits(2, Duration.ofDays(14), "events");
    startAfresh();
    send(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(T0_PLUS_2S));
    send(Events.event("EXTRA", Events.T0_PLUS_3S));
    advanceInput(T0);
    endWindow(WINDOW_1_END);

    assertThat(last().eventCount()).isEqualTo(2);
    assertThat(last().getEventsDropped()).isEqualTo(2);
    assertThat(dropped())
        .hasSize(2)
        .allSatisfy(
            letter -> {
              assertThat(letter.getReason())
                  .isEqualTo("the message holds its limit of 2 events; this one is not kept");
              assertThat(new String(letter.getValue(), StandardCharsets.UTF_8))
                  .contains("\"message_id\":\"" + Events.MESSAGE + "\"");
            });

    send(created(T0)); // a client's retry of a kept event is counted once, as ever
    endWindow(WINDOW_2_END);
    assertThat(dropped()).hasSize(2);
    assertThat(last().getEventsDropped()).isEqualTo(2);
  }

  @Test
  void letsAMessageWhoseDeadlinesLieFarAheadLeaveAfterItsIdleLimit() throws Exception {
    Duration maxIdle = Duration.ofHours(2);
    limits = new MessageLimits(1_000, maxIdle, "events");
    startAfresh();
    send(created(T0 + Duration.ofDays(300).toMillis())); // a client's clock far ahead
    advanceInput(T0);
    endWindow(WINDOW_1_END);
    writesBecomeSearchable();

    advanceInput(T0 + maxIdle.toMillis() - 1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    advanceInput(T0 + maxIdle.toMillis());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void keepsAMessageReadBackWithNothingNewUntilItsDeadline() throws Exception {
    send(created(T0));
    advanceInput(T0);
    endWindow(WINDOW_1_END);
    writesBecomeSearchable();

    // Restarted without state; the replay brings only the event the document already holds.
    startAfresh();
    send(created(T0));
    endWindow(harness.getProcessingTime() + WINDOW);
    writesBecomeSearchable();
    advanceInput(T0 + 1_000);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

    advanceInput(BACKEND_DEADLINE);
    assertThat(last().getStatus()).isEqualTo("stuck");
  }

  @Test
  void judgesAMessageReadBackAfterARestartFromWhereTheInputHadGot() throws Exception {
    stuckAndExpired(created(T0));
    int changesBefore = statusChanges().size();

    // Restarted: no watermark yet when the next stage of the expired message comes.
    startAfresh();
    long now = harness.getProcessingTime();
    send(reachedFrontend(T0 + 40_000));
    endWindow(now + WINDOW);

    MessageDocument merged = last();
    assertThat(merged.getStatus()).isEqualTo("stuck"); // the backend is still missing
    assertThat(merged.getMissing()).containsExactly(BACKEND);
    assertThat(statusChanges()).isEmpty(); // no stuck → in_progress → stuck flap
    assertThat(changesBefore).isEqualTo(1);
  }

  @Test
  void sendsAnAlertAgainWhenAReplayFindsTheChangeAlreadyInTheDocument() throws Exception {
    stuckAndExpired(created(T0).readAt(3, 10));
    OperatorSubtaskState checkpoint = harness.snapshot(1, harness.getProcessingTime());

    // After that checkpoint the missing stages come; the document is written, its alert pending.
    long now = harness.getProcessingTime();
    send(reachedBackend(T0 + 40_000).readAt(3, 11), reachedFrontend(T0 + 41_000).readAt(3, 12));
    endWindow(now + WINDOW);
    StatusChange uncommitted = statusChanges().get(statusChanges().size() - 1);
    assertThat(uncommitted.getTo()).isEqualTo("late");

    // The job fails before the next checkpoint: it restarts from the last one and reads again.
    restoreFrom(checkpoint);
    now = harness.getProcessingTime();
    send(reachedBackend(T0 + 40_000).readAt(3, 11), reachedFrontend(T0 + 41_000).readAt(3, 12));
    endWindow(now + WINDOW);

    assertThat(last().getStatus()).isEqualTo("late");
    assertThat(statusChanges()).singleElement().usingRecursiveComparison().isEqualTo(uncommitted);
  }

  @Test
  void sendsAnAlertAgainOnceWhenAReplayReadsTheMessageBackTwice() throws Exception {
    stuckAndExpired(created(T0).readAt(3, 10));
    OperatorSubtaskState checkpoint = harness.snapshot(1, harness.getProcessingTime());
    long now = harness.getProcessingTime();
    send(reachedBackend(T0 + 40_000).readAt(3, 11), reachedFrontend(T0 + 41_000).readAt(3, 12));
    endWindow(now + WINDOW);

    // Restarted from the checkpoint, the job reads the two events again, far apart: the message's
    // state expires in between (a slow replay), so each is read back from its document.
    restoreFrom(checkpoint);
    now = harness.getProcessingTime();
    send(reachedBackend(T0 + 40_000).readAt(3, 11));
    endWindow(now + WINDOW);
    assertThat(statusChanges()).extracting(StatusChange::getTo).containsExactly("late");
    now = writesBecomeSearchable();
    advanceInput(T0 + 2 * STATE_TTL.toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();
    send(reachedFrontend(T0 + 41_000).readAt(3, 12));
    endWindow(now + WINDOW);

    assertThat(statusChanges()).extracting(StatusChange::getTo).containsExactly("late");
  }

  @Test
  void sendsNoAlertAgainWhenAClientRepeatsEventsAfterTheirChangeWasCommitted() throws Exception {
    lateAfterExpiry();
    OperatorSubtaskState committed = harness.snapshot(2, harness.getProcessingTime());
    restoreFrom(committed);
    long now = writesBecomeSearchable();
    advanceInput(T0 + 2 * STATE_TTL.toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();

    // A client sends them again: new records, at later offsets.
    send(reachedBackend(T0 + 40_000).readAt(3, 20), reachedFrontend(T0 + 41_000).readAt(3, 21));
    endWindow(now + WINDOW);

    assertThat(last().getEvents()).hasSize(3);
    assertThat(statusChanges()).isEmpty();
  }

  @Test
  void sendsNoAlertAgainWhenAJobStartsAfreshAndReadsTheTopicAgain() throws Exception {
    lateAfterExpiry();

    // A new job, no checkpoint (say a new consumer group): it reads every record again.
    startAfresh();
    long now = harness.getProcessingTime();
    send(
        created(T0).readAt(3, 10),
        reachedBackend(T0 + 40_000).readAt(3, 11),
        reachedFrontend(T0 + 41_000).readAt(3, 12));
    endWindow(now + WINDOW);

    assertThat(last().getStatus()).isEqualTo("late");
    assertThat(statusChanges()).isEmpty();
  }

  @Test
  void mergesALateEventAfterExpiryIntoTheStoredDocumentInItsOwnIndex() throws Exception {
    send(created(T0), reachedBackend(T0_PLUS_1S));
    advanceInput(T0_PLUS_1S);
    endWindow(WINDOW_1_END);
    advanceInput(T0_PLUS_1S + STATE_TTL.toMillis());
    long now = writesBecomeSearchable(); // the stuck document written on the way
    assertThat(harness.numKeyedStateEntries()).isZero();

    // A month later by its own clock, so a new message would go to next month's index.
    long monthLater = T0 + Duration.ofDays(31).toMillis();
    send(reachedFrontend(monthLater));
    endWindow(now + WINDOW);

    MessageDocument merged = last();
    assertThat(merged.getIndex()).isEqualTo(INDEX);
    assertThat(merged.getEvents())
        .containsExactlyElementsOf(
            records(created(T0), reachedBackend(T0_PLUS_1S), reachedFrontend(monthLater)));
    assertThat(merged.getLate()).containsExactly(FRONTEND);
    assertThat(merged.getStatus()).isEqualTo("late");
  }

  @Test
  void asksTheIndexOnceAWindowForTheMessagesItHoldsNoStateFor() throws Exception {
    send(created(T0), ofMessage("m-2", created(T0)), ofMessage("m-3", created(T0)));
    endWindow(WINDOW_1_END);
    assertThat(store.loads()).isEqualTo(1);
    assertThat(documents()).hasSize(3).allMatch(document -> document.getIndex().equals(INDEX));

    send(reachedBackend(T0_PLUS_1S), ofMessage("m-2", reachedBackend(T0_PLUS_1S)));
    endWindow(WINDOW_2_END);
    assertThat(store.loads()).isEqualTo(1); // both have state now
  }

  @Test
  void asksOnceForTheMessagesThatCompleteByTheSameTick() throws Exception {
    for (String message : List.of("m-1", "m-2")) {
      send(
          ofMessage(message, created(T0)),
          ofMessage(message, reachedBackend(T0_PLUS_1S)),
          ofMessage(message, reachedFrontend(T0_PLUS_2S)));
    }

    harness.setProcessingTime(MessageLifecycle.WINDOW_TICK_MS);

    assertThat(documents()).hasSize(2);
    assertThat(store.loads()).isEqualTo(1);
  }

  @Test
  void asksAheadForMessagesWhoseWindowsCloseLaterButAtMostTwiceASecond() throws Exception {
    send(ofMessage("m-1", created(T0)));
    harness.setProcessingTime(300);
    send(ofMessage("m-2", created(T0)));

    harness.setProcessingTime(1_000); // m-1 closes; m-2 is asked about with it
    assertThat(store.loads()).isEqualTo(1);
    harness.setProcessingTime(1_100);
    send(ofMessage("m-3", created(T0)));
    harness.setProcessingTime(1_300); // m-2 closes: known already, and m-3 can wait
    assertThat(store.loads()).isEqualTo(1);

    harness.setProcessingTime(2_100);
    assertThat(store.loads()).isEqualTo(2);
    assertThat(documents()).extracting(MessageDocument::getId).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void keepsStateTimersAndPendingEventsThroughARestore() throws Exception {
    send(created(T0));
    endWindow(WINDOW_1_END);
    send(reachedFrontend(T0_PLUS_2S)); // pending when the snapshot is taken
    OperatorSubtaskState snapshot = harness.snapshot(1, WINDOW_1_END + 10);

    restoreFrom(snapshot);
    endWindow(WINDOW_3_END);
    advanceInput(BACKEND_DEADLINE);

    assertThat(last().getEvents())
        .containsExactlyElementsOf(records(created(T0), reachedFrontend(T0_PLUS_2S)));
    assertThat(last().getStatus()).isEqualTo("stuck");
    assertThat(last().getMissing()).containsExactly(BACKEND);
  }

  /** Stuck, expired, then read back when its missing stages come: two alerts, stuck and late. */
  private void lateAfterExpiry() throws Exception {
    stuckAndExpired(created(T0).readAt(3, 10));
    long now = harness.getProcessingTime();
    send(reachedBackend(T0 + 40_000).readAt(3, 11), reachedFrontend(T0 + 41_000).readAt(3, 12));
    endWindow(now + WINDOW);
    assertThat(statusChanges()).extracting(StatusChange::getTo).containsExactly("stuck", "late");
  }

  /** The message is declared stuck, and its state expires: only its document is left. */
  private void stuckAndExpired(MessageEvent created) throws Exception {
    send(created);
    advanceInput(T0);
    endWindow(WINDOW_1_END);
    advanceInput(FRONTEND_DEADLINE);
    assertThat(last().getStatus()).isEqualTo("stuck");
    writesBecomeSearchable();
    advanceInput(T0 + STATE_TTL.toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  /** The job starts again without a checkpoint. */
  private void startAfresh() throws Exception {
    harness.close();
    documentsSeen = 0;
    harness = newHarness(STATE_TTL);
    harness.open();
  }

  /** The job restarts from a checkpoint; the wall clock goes on. */
  private void restoreFrom(OperatorSubtaskState checkpoint) throws Exception {
    long now = harness.getProcessingTime();
    harness.close();
    documentsSeen = 0;
    harness = newHarness(STATE_TTL);
    harness.initializeState(checkpoint);
    harness.open();
    harness.setProcessingTime(now);
  }

  private KeyedOneInputStreamOperatorTestHarness<String, MessageEvent, MessageDocument> newHarness(
      Duration stateTtl) throws Exception {
    var created =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new MessageLifecycle(
                    Events.LIFECYCLES,
                    Duration.ofMillis(WINDOW),
                    stateTtl,
                    FINISHED_TTL,
                    new IndexBuckets("messages"),
                    store,
                    limits)),
            MessageEvent::messageKey,
            Types.STRING);
    created.getExecutionConfig().disableGenericTypes();
    return created;
  }

  private void send(MessageEvent... events) throws Exception {
    for (MessageEvent event : events) {
      harness.processElement(new StreamRecord<>(event));
    }
  }

  private void endWindow(long end) throws Exception {
    harness.setProcessingTime(end);
    documents();
  }

  /** Processing time moves on until every document written so far is searchable. */
  private long writesBecomeSearchable() throws Exception {
    long now = harness.getProcessingTime() + MessageLifecycle.WRITE_VISIBLE_AFTER_MS;
    harness.setProcessingTime(now);
    documents();
    return now;
  }

  /** The input's progress (the watermark) reaches {@code time}. */
  private void advanceInput(long time) throws Exception {
    harness.processWatermark(new Watermark(time));
    documents();
  }

  /** Every document written so far; each new one is also stored, as the index would hold it. */
  private List<MessageDocument> documents() {
    List<MessageDocument> written = harness.extractOutputValues();
    written.subList(documentsSeen, written.size()).forEach(store::written);
    documentsSeen = written.size();
    return written;
  }

  private MessageDocument last() {
    List<MessageDocument> written = documents();
    return written.get(written.size() - 1);
  }

  private List<DeadLetter> dropped() {
    var letters = harness.getSideOutput(MessageLifecycle.DROPPED_EVENTS);
    return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
  }

  private List<StatusChange> statusChanges() {
    var changes = harness.getSideOutput(MessageLifecycle.STATUS_CHANGES);
    return changes == null ? List.of() : changes.stream().map(StreamRecord::getValue).toList();
  }
}
