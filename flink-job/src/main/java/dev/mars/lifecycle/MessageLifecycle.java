package dev.mars.lifecycle;

import dev.mars.deadletter.DeadLetter;
import dev.mars.event.MessageEvent;
import dev.mars.event.MessageKey;
import dev.mars.index.Backoff;
import dev.mars.lifecycle.definition.Lifecycle;
import dev.mars.lifecycle.definition.Lifecycles;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of each message, keyed by (app_id, message_id).
 *
 * <p>Events are held for a processing-time window, then merged into the message's state in one
 * update and written as one whole document: one write per message per window. A message's window
 * opens with its first event not yet written and closes {@code window} later, or at once (on the
 * next tick) when the message holds every stage its lifecycle expects: a message that completes
 * within its window is written once, as soon as it is complete. Windows close on {@link
 * #WINDOW_TICK_MS} ticks. The window lives here rather than in a window operator in front because
 * the deadlines are event-time timers: a watermark must never reach them before the events that
 * came ahead of it, which a window operator would still be holding.
 *
 * <p>Deadlines follow the input's progress (the watermark, see {@code dev.mars.progress}), so a
 * stage already in Kafka is never declared missing while the job catches up. Every change of status
 * is also emitted to {@link #STATUS_CHANGES}.
 *
 * <p>A message's state expires {@code stateTtl} of input progress after its last event, or {@code
 * finishedTtl} after it once every expected stage has arrived; its document stays as written.
 * Before a message the job holds no state for is first written, the index is asked for it (one
 * request for all such messages with open windows, at most every {@link #LOOK_UP_EVERY_MS}): a
 * message whose state expired, or that the job never saw, merges into what the index holds instead
 * of overwriting it, and stays in its index.
 */
public class MessageLifecycle extends KeyedProcessFunction<String, MessageEvent, MessageDocument>
    implements CheckpointedFunction {

  /**
   * A document handed to the sink is in the index and searchable after the sink's flush interval
   * and the index's refresh interval (200 ms and 1 s by default); this is that with a wide margin.
   */
  static final long WRITE_VISIBLE_AFTER_MS = 10_000;

  /** Windows close on multiples of this (processing time). */
  static final long WINDOW_TICK_MS = 100;

  /** Messages without state are looked up in the index at most this often, all at once. */
  static final long LOOK_UP_EVERY_MS = 500;

  private static final Logger LOG = LoggerFactory.getLogger(MessageLifecycle.class);

  public static final OutputTag<StatusChange> STATUS_CHANGES =
      new OutputTag<>("status-changes", TypeInformation.of(StatusChange.class));

  /** Events a message could not keep (it held {@link MessageLimits#maxEvents()}). */
  public static final OutputTag<DeadLetter> DROPPED_EVENTS =
      new OutputTag<>("dropped-events", Types.POJO(DeadLetter.class));

  private final Lifecycles lifecycles;
  private final long windowMs;
  private final long stateTtlMs;
  private final long finishedTtlMs;
  private final IndexBuckets buckets;
  private final MessageStore store;
  private final MessageLimits limits;

  private transient ListState<MessageEvent> pending;
  private transient ValueState<OpenWindow> window;
  private transient ValueState<MessageState> message;

  /**
   * Messages (key → document id) the job held no state for when their window opened, which the
   * index has not been asked about yet.
   */
  private transient Map<String, String> toLookUp;

  /** What the index held of messages asked about whose windows have not closed yet (null: none). */
  private transient Map<String, MessageState> lookedUp;

  private transient long lookedUpAt;
  private transient Counter eventsIn;
  private transient Counter documentsWritten;
  private transient Counter messagesStuck;
  private transient Counter messagesExpired;
  private transient Counter messagesReadBack;
  private transient Counter alertsSentAgain;
  private transient Counter eventsInAnotherPartition;
  private transient Counter eventsDropped;
  private transient Histogram eventLatency;
  private transient long watermarkLag;

  /** Restored from a checkpoint: events may be read again whose changes are already written. */
  private transient boolean restored;

  /**
   * The alerts this incarnation sent again. A slow replay may read a message back more than once
   * (its state expiring between two of its events); each change is sent again once. Another failure
   * starts a new incarnation with none: what this one sent was not committed.
   */
  private transient Set<String> sentAgain;

  /**
   * @param stateTtl how much input progress after its last event a message's state is kept
   * @param finishedTtl the same, for a message whose every expected stage arrived
   */
  public MessageLifecycle(
      Lifecycles lifecycles,
      Duration window,
      Duration stateTtl,
      Duration finishedTtl,
      IndexBuckets buckets,
      MessageStore store,
      MessageLimits limits) {
    this.limits = limits;
    this.lifecycles = lifecycles;
    this.windowMs = window.toMillis();
    this.stateTtlMs = stateTtl.toMillis();
    this.finishedTtlMs = finishedTtl.toMillis();
    this.buckets = buckets;
    this.store = store;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("pending", Types.POJO(MessageEvent.class)));
    window =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("window", Types.POJO(OpenWindow.class)));
    message =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("message", TypeInformation.of(MessageState.class)));
    toLookUp = new HashMap<>();
    lookedUp = new HashMap<>();
    lookedUpAt = Long.MIN_VALUE;

    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    eventsIn = metrics.counter("eventsIn");
    // eventsIn / documentsWritten is what windowing saves in Elasticsearch writes.
    documentsWritten = metrics.counter("documentsWritten");
    messagesStuck = metrics.counter("messagesStuck");
    messagesExpired = metrics.counter("messagesExpired");
    messagesReadBack = metrics.counter("messagesReadBack");
    alertsSentAgain = metrics.counter("alertsSentAgain");
    // Events of one message in two partitions: keyed otherwise than by message_id.
    eventsInAnotherPartition = metrics.counter("eventsInAnotherPartition");
    eventsDropped = metrics.counter("eventsDropped");
    eventLatency =
        metrics.histogram("eventToDocumentMs", new DescriptiveStatisticsHistogram(10_000));
    metrics.gauge("watermarkLagMs", () -> watermarkLag);
    store.open();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) {
    restored = context.isRestored();
    sentAgain = new HashSet<>();
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) {
    // All state is keyed; this function only needs to know whether it was restored.
  }

  @Override
  public void close() throws Exception {
    store.close();
  }

  @Override
  public void processElement(MessageEvent event, Context ctx, Collector<MessageDocument> out)
      throws Exception {
    eventsIn.inc();
    long now = ctx.timerService().currentProcessingTime();
    Lifecycle lifecycle = lifecycles.forApp(event.getAppId());
    OpenWindow open = window.value();
    if (open == null) {
      MessageState state = message.value();
      open = new OpenWindow(tickAtOrAfter(now + windowMs));
      if (state != null) {
        for (RecordedEvent held : state.getEvents()) {
          open.holds(lifecycle.indexOf(held.getEvent()));
        }
      } else {
        toLookUp.put(
            ctx.getCurrentKey(), MessageKey.documentId(event.getAppId(), event.getMessageId()));
      }
      closeAt(open, open.getClosesAt(), ctx);
    }
    pending.add(event);
    open.holds(lifecycle.indexOf(event.getEvent()));
    long nextTick = tickAtOrAfter(now + 1);
    if (open.getClosesAt() > nextTick && open.holdsEvery(lifecycle)) {
      ctx.timerService().deleteProcessingTimeTimer(open.getClosesAt());
      closeAt(open, nextTick, ctx);
    }
    window.update(open);
  }

  private static void closeAt(OpenWindow open, long at, Context ctx) {
    open.setClosesAt(at);
    ctx.timerService().registerProcessingTimeTimer(at);
  }

  private static long tickAtOrAfter(long time) {
    long rest = Math.floorMod(time, WINDOW_TICK_MS);
    return rest == 0 ? time : time - rest + WINDOW_TICK_MS;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MessageDocument> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      lookUpUnknown(timestamp, ctx.getCurrentKey());
      closeWindow(timestamp, ctx);
      flush(null, ctx, out);
      MessageState state = message.value();
      if (state != null) {
        expireIfDue(state, ctx.timerService().currentWatermark(), ctx);
      }
      return;
    }
    MessageState state = message.value();
    if (state == null) {
      return;
    }
    if (timestamp == state.getDeadlineTimer()) {
      state.setDeadlineTimer(MessageState.NO_TIMER);
    }
    boolean expiryDue = timestamp == state.getExpiryTimer();
    if (expiryDue) {
      state.setExpiryTimer(MessageState.NO_TIMER);
    }
    // Judged first: a deadline passed at the same time as the expiry is still declared.
    closeWindow(MessageState.NO_TIMER, ctx); // its pending events are judged now
    flush(state, ctx, out);
    if (expiryDue) {
      expireIfDue(state, timestamp, ctx);
    }
  }

  /** Ends the message's open window, if any; its timer is removed unless it is the one firing. */
  private void closeWindow(long firingProcessingTimer, Context ctx) throws IOException {
    OpenWindow open = window.value();
    if (open == null) {
      return;
    }
    if (open.getClosesAt() != firingProcessingTimer) {
      ctx.timerService().deleteProcessingTimeTimer(open.getClosesAt());
    }
    window.clear();
  }

  /**
   * Lets the message leave state once its time is up, but only when its last document has surely
   * reached the index and become searchable: an event that comes later reads the document back, and
   * must find it whole. Until then a processing-time timer asks again.
   */
  private void expireIfDue(MessageState state, long progress, Context ctx) throws Exception {
    if (expiresAt(state) > progress
        || (state.getDeadlineTimer() != MessageState.NO_TIMER
            && state.getDeadlineTimer() <= idleLimit(state))
        || !isEmpty(pending.get())) {
      return;
    }
    long visibleAt = saturatedAdd(state.getLastWrittenAt(), WRITE_VISIBLE_AFTER_MS);
    if (ctx.timerService().currentProcessingTime() < visibleAt) {
      ctx.timerService().registerProcessingTimeTimer(visibleAt);
      return;
    }
    expire(state, ctx);
  }

  /**
   * Merges the pending events into the message, judges it at the input's progress, sets its timers,
   * and writes its document if anything changed.
   */
  private void flush(MessageState known, Context ctx, Collector<MessageDocument> out)
      throws Exception {
    List<MessageEvent> read = new ArrayList<>();
    Iterable<MessageEvent> pendingEvents = pending.get();
    if (pendingEvents != null) {
      pendingEvents.forEach(read::add);
    }
    pending.clear();
    List<RecordedEvent> batch = read.stream().map(RecordedEvent::of).toList();
    MessageState state = known != null ? known : message.value();
    boolean created = false;
    List<RecordedChange> unsent = List.of();
    if (state == null) {
      if (read.isEmpty()) {
        return;
      }
      state = readBackOrCreate(read.get(0), batch);
      created = true;
      // Changes these events led to before are in the document: the job failed after writing it
      // and before the checkpoint that would have committed their alerts. (A job that starts
      // afresh and reads the topic again sends nothing again: it never sent those alerts.)
      unsent = restored ? state.changesAfter(read) : List.of();
    }
    for (MessageEvent event : read) {
      if (state.advanceInput(event)) {
        eventsInAnotherPartition.inc();
      }
    }
    List<RecordedEvent> dropped = new ArrayList<>();
    List<RecordedEvent> added = state.addAll(batch, limits.maxEvents(), dropped);
    describe(state, read, added);
    if (!dropped.isEmpty()) {
      deadLetterDropped(state, read, dropped, ctx);
    }
    long now = ctx.timerService().currentProcessingTime();
    long watermark = ctx.timerService().currentWatermark();
    long progress = state.advanceProgress(watermark);
    if (!added.isEmpty()) {
      state.setLastActivity(progress != Long.MIN_VALUE ? progress : state.lastSeen());
    }
    Status before = Status.fromJson(state.getStatus());
    Verdict verdict =
        Verdict.judge(
            lifecycles.forApp(state.getAppId()),
            new StageTimes(state.getEvents()).firstSeen(),
            state.firstSeen(),
            state.getDeclaredMissing(),
            progress);
    List<String> declaredBefore = state.getDeclaredMissing();
    boolean changed = state.apply(verdict);
    // Another stage overdue while already stuck: no new status, but the document must say so.
    boolean declaredMore = !declaredBefore.equals(state.getDeclaredMissing());
    arm(state, verdict, ctx);
    watermarkLag = watermark == Long.MIN_VALUE ? 0 : now - watermark;
    boolean write = !added.isEmpty() || !dropped.isEmpty() || changed || declaredMore || created;
    RecordedChange change = changed ? state.remember(before, verdict, now) : null;
    if (write) {
      state.setLastWrittenAt(now);
    }
    message.update(state);
    if (!write) {
      return;
    }
    out.collect(MessageDocument.of(state, verdict, now));
    documentsWritten.inc();
    for (RecordedEvent event : added) {
      eventLatency.update(now - event.getCreatedAt());
    }
    for (RecordedChange again : unsent) {
      StatusChange alert = again.toAlert(state);
      if (sentAgain.add(alert.getAlertId())) {
        alertsSentAgain.inc();
        ctx.output(STATUS_CHANGES, alert);
      }
    }
    if (change != null) {
      ctx.output(STATUS_CHANGES, change.toAlert(state));
      if (verdict.status() == Status.STUCK) {
        messagesStuck.inc();
      }
    }
  }

  /** One event-time timer for the next deadline, one for expiry; stale ones are removed. */
  private void arm(MessageState state, Verdict verdict, Context ctx) {
    long next = verdict.nextDeadline();
    if (next != state.getDeadlineTimer()) {
      // Flink keeps one timer per time: one the expiry shares must stay.
      if (state.getDeadlineTimer() != MessageState.NO_TIMER
          && state.getDeadlineTimer() != state.getExpiryTimer()) {
        ctx.timerService().deleteEventTimeTimer(state.getDeadlineTimer());
      }
      if (next != Verdict.NONE) {
        ctx.timerService().registerEventTimeTimer(next);
      }
      state.setDeadlineTimer(next);
    }
    // Moved earlier at once (a message just finished); moved later lazily, when it fires.
    // Never at or before the input's progress: such a timer would fire again at once.
    long due = Math.max(expiresAt(state), saturatedAdd(ctx.timerService().currentWatermark(), 1));
    long set = state.getExpiryTimer();
    if (set == MessageState.NO_TIMER || due < set) {
      if (set != MessageState.NO_TIMER) {
        ctx.timerService().deleteEventTimeTimer(set);
      }
      ctx.timerService().registerEventTimeTimer(due);
      state.setExpiryTimer(due);
    }
  }

  /**
   * A message's state is kept the TTL after its last activity, and never past a deadline still
   * ahead: when a job lags, the input's progress at the last event can be far behind the event, and
   * a message must not leave state before it could be declared stuck. Nor past its idle limit,
   * though, whatever its deadlines.
   */
  private long expiresAt(MessageState state) {
    long afterActivity =
        saturatedAdd(state.getLastActivity(), state.isFinished() ? finishedTtlMs : stateTtlMs);
    return Math.min(Math.max(afterActivity, state.getDeadlineTimer()), idleLimit(state));
  }

  /**
   * However far ahead its deadlines lie (a client's clock years ahead), a message leaves state
   * {@link MessageLimits#maxIdle()} of input progress after its last event; its document stays as
   * written.
   */
  private long idleLimit(MessageState state) {
    if (state.getLastActivity() == Long.MIN_VALUE) {
      return Long.MAX_VALUE; // read back, and nothing new since: its deadlines still hold it
    }
    return saturatedAdd(state.getLastActivity(), limits.maxIdle().toMillis());
  }

  private void expire(MessageState state, Context ctx) {
    if (state.getExpiryTimer() != MessageState.NO_TIMER) {
      ctx.timerService().deleteEventTimeTimer(state.getExpiryTimer());
    }
    if (state.getDeadlineTimer() != MessageState.NO_TIMER
        && state.getDeadlineTimer() != state.getExpiryTimer()) {
      ctx.timerService().deleteEventTimeTimer(state.getDeadlineTimer());
    }

    message.clear();
    messagesExpired.inc();
  }

  /** What the added events say about their message (external_id, attributes), in arrival order. */
  private static void describe(
      MessageState state, List<MessageEvent> read, List<RecordedEvent> added) {
    if (added.isEmpty()) {
      return;
    }
    Set<String> addedIds = new HashSet<>();
    added.forEach(event -> addedIds.add(event.getEventId()));
    for (MessageEvent event : read) {
      if (addedIds.contains(event.getEventId())) {
        state.describe(event);
      }
    }
  }

  private void deadLetterDropped(
      MessageState state, List<MessageEvent> read, List<RecordedEvent> dropped, Context ctx) {
    eventsDropped.inc(dropped.size());
    String reason =
        "the message holds its limit of " + limits.maxEvents() + " events; this one is not kept";
    for (RecordedEvent event : dropped) {
      MessageEvent source =
          read.stream()
              .filter(candidate -> candidate.getEventId().equals(event.getEventId()))
              .findFirst()
              .orElseThrow();
      ctx.output(DROPPED_EVENTS, DeadLetter.ofEvent(source, limits.sourceTopic(), reason));
    }
  }

  /**
   * Asks the index, in one request, about every message without state whose window is open: when
   * the window closing now is one of them, or {@link #LOOK_UP_EVERY_MS} after the last request. A
   * message without state is written by nobody meanwhile, so what the index says stays true until
   * its window closes; asking ahead, for windows closing later, saves requests.
   */
  private void lookUpUnknown(long now, String closing) throws InterruptedException {
    if (toLookUp.isEmpty()
        || (!toLookUp.containsKey(closing) && now - lookedUpAt < LOOK_UP_EVERY_MS)) {
      return;
    }
    Map<String, MessageState> stored = load(toLookUp.values());
    toLookUp.forEach((key, documentId) -> lookedUp.put(key, stored.get(documentId)));
    toLookUp.clear();
    lookedUpAt = now;
  }

  private MessageState readBackOrCreate(MessageEvent first, List<RecordedEvent> batch)
      throws InterruptedException {
    String key = MessageKey.of(first.getAppId(), first.getMessageId());
    String documentId = MessageKey.documentId(first.getAppId(), first.getMessageId());
    toLookUp.remove(key);
    // Not looked up while its window was open (the job restarted in between): asked for alone.
    MessageState stored =
        lookedUp.containsKey(key)
            ? lookedUp.remove(key)
            : load(List.of(documentId)).get(documentId);
    if (stored != null) {
      messagesReadBack.inc();
      return stored;
    }
    long firstSeen = batch.stream().mapToLong(RecordedEvent::getCreatedAt).min().orElseThrow();
    return new MessageState(first.getAppId(), first.getMessageId(), buckets.bucketFor(firstSeen));
  }

  /**
   * Asks the index until it answers: the task waits (backpressure) through an outage or an overload
   * of Elasticsearch instead of failing the job.
   */
  private Map<String, MessageState> load(Collection<String> documentIds)
      throws InterruptedException {
    Backoff backoff = new Backoff(100, 30_000);
    while (true) {
      try {
        Map<String, MessageState> stored = store.load(documentIds);
        if (backoff.attempts() > 0) {
          LOG.info("Read message documents back again after {} retries", backoff.attempts());
        }
        return stored;
      } catch (IOException e) {
        if (backoff.attempts() == 0) {
          LOG.warn(
              "Cannot read message documents back from the index ({}); trying again until it"
                  + " answers",
              e.toString());
        }
        backoff.pause();
      }
    }
  }

  private static boolean isEmpty(Iterable<MessageEvent> events) {
    return events == null || !events.iterator().hasNext();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
