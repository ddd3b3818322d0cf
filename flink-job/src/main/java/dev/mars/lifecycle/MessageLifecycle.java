package dev.mars.lifecycle;

import dev.mars.event.MessageEvent;
import dev.mars.event.MessageKey;
import dev.mars.lifecycle.definition.Lifecycles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of each message, keyed by (app_id, message_id).
 *
 * <p>Events are held for a processing-time window (timers on window boundaries), then merged into
 * the message's state in one update and written as one whole document: one write per message per
 * window. The window lives here rather than in a window operator in front because the deadlines are
 * event-time timers: a watermark must never reach them before the events that came ahead of it,
 * which a window operator would still be holding.
 *
 * <p>Deadlines follow the input's progress (the watermark, see {@code dev.mars.progress}), so a
 * stage already in Kafka is never declared missing while the job catches up. Every change of status
 * is also emitted to {@link #STATUS_CHANGES}.
 *
 * <p>A message's state expires {@code stateTtl} of input progress after its last event; its
 * document stays as written. Should another event come later, the document is read back from the
 * index it was written to and the event merged into it: nothing written is lost, and the message
 * never gets a second document in another index.
 */
public class MessageLifecycle extends KeyedProcessFunction<String, MessageEvent, MessageDocument> {

  public static final OutputTag<StatusChange> STATUS_CHANGES =
      new OutputTag<>("status-changes", TypeInformation.of(StatusChange.class));

  private static final Logger LOG = LoggerFactory.getLogger(MessageLifecycle.class);

  private final Lifecycles lifecycles;
  private final long windowMs;
  private final long stateTtlMs;
  private final Duration closedRetention;
  private final IndexBuckets buckets;
  private final MessageStore store;

  private transient ListState<MessageEvent> pending;
  private transient ValueState<MessageState> message;
  private transient ValueState<String> closedIn;
  private transient Counter eventsIn;
  private transient Counter documentsWritten;
  private transient Counter messagesStuck;
  private transient Counter messagesExpired;
  private transient Counter messagesReopened;
  private transient Histogram eventLatency;
  private transient long watermarkLag;

  /**
   * @param stateTtl how much input progress after its last event a message's state is kept
   * @param closedRetention how long to remember where an expired message's document is: as long as
   *     its index is kept
   */
  public MessageLifecycle(
      Lifecycles lifecycles,
      Duration window,
      Duration stateTtl,
      Duration closedRetention,
      IndexBuckets buckets,
      MessageStore store) {
    this.lifecycles = lifecycles;
    this.windowMs = window.toMillis();
    this.stateTtlMs = stateTtl.toMillis();
    this.closedRetention = closedRetention;
    this.buckets = buckets;
    this.store = store;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("pending", Types.POJO(MessageEvent.class)));
    message =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("message", TypeInformation.of(MessageState.class)));
    ValueStateDescriptor<String> closed = new ValueStateDescriptor<>("closed-in", Types.STRING);
    closed.enableTimeToLive(StateTtlConfig.newBuilder(closedRetention).build());
    closedIn = getRuntimeContext().getState(closed);

    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    eventsIn = metrics.counter("eventsIn");
    // eventsIn / documentsWritten is what windowing saves in Elasticsearch writes.
    documentsWritten = metrics.counter("documentsWritten");
    messagesStuck = metrics.counter("messagesStuck");
    messagesExpired = metrics.counter("messagesExpired");
    messagesReopened = metrics.counter("messagesReopened");
    eventLatency =
        metrics.histogram("eventToDocumentMs", new DescriptiveStatisticsHistogram(10_000));
    metrics.gauge("watermarkLagMs", () -> watermarkLag);
    store.open();
  }

  @Override
  public void close() throws Exception {
    store.close();
  }

  @Override
  public void processElement(MessageEvent event, Context ctx, Collector<MessageDocument> out)
      throws Exception {
    eventsIn.inc();
    pending.add(event);
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService().registerProcessingTimeTimer(now - now % windowMs + windowMs);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MessageDocument> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      flush(null, ctx, out); // the end of a window
      return;
    }
    MessageState state = message.value();
    if (state == null) {
      return;
    }
    if (timestamp == state.getDeadlineTimer()) {
      state.setDeadlineTimer(MessageState.NO_TIMER);
    }
    if (timestamp == state.getExpiryTimer()) {
      state.setExpiryTimer(MessageState.NO_TIMER);
      if (state.getLastActivity() + stateTtlMs <= timestamp && isEmpty(pending.get())) {
        expire(state, ctx);
        return;
      }
    }
    flush(state, ctx, out);
  }

  /**
   * Merges the pending events into the message, judges it at the input's progress, sets its timers,
   * and writes its document if anything changed.
   */
  private void flush(MessageState known, Context ctx, Collector<MessageDocument> out)
      throws Exception {
    List<MessageEvent> batch = new ArrayList<>();
    pending.get().forEach(batch::add);
    pending.clear();
    MessageState state = known != null ? known : message.value();
    boolean created = false;
    if (state == null) {
      if (batch.isEmpty()) {
        return;
      }
      state = reopenOrCreate(batch, ctx.getCurrentKey());
      created = true;
    }
    List<MessageEvent> added = state.addAll(batch);
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
    boolean changed = state.apply(verdict);
    arm(state, verdict, ctx);
    message.update(state);

    long now = ctx.timerService().currentProcessingTime();
    watermarkLag = watermark == Long.MIN_VALUE ? 0 : now - watermark;
    if (added.isEmpty() && !changed && !created) {
      return;
    }
    out.collect(MessageDocument.of(state, verdict, now));
    documentsWritten.inc();
    for (MessageEvent event : added) {
      eventLatency.update(now - event.getCreatedAt());
    }
    if (changed) {
      String documentId = MessageKey.documentId(state.getAppId(), state.getMessageId());
      ctx.output(STATUS_CHANGES, StatusChange.of(documentId, state, before, verdict, now));
      if (verdict.status() == Status.STUCK) {
        messagesStuck.inc();
      }
    }
  }

  /** One event-time timer for the next deadline, one for expiry; stale ones are removed. */
  private void arm(MessageState state, Verdict verdict, Context ctx) {
    long next = verdict.nextDeadline();
    if (next != state.getDeadlineTimer()) {
      if (state.getDeadlineTimer() != MessageState.NO_TIMER) {
        ctx.timerService().deleteEventTimeTimer(state.getDeadlineTimer());
      }
      if (next != Verdict.NONE) {
        ctx.timerService().registerEventTimeTimer(next);
      }
      state.setDeadlineTimer(next);
    }
    // Set once and moved forward lazily when it fires: activity does not re-register it.
    if (state.getExpiryTimer() == MessageState.NO_TIMER) {
      long due = saturatedAdd(state.getLastActivity(), stateTtlMs);
      ctx.timerService().registerEventTimeTimer(due);
      state.setExpiryTimer(due);
    }
  }

  private void expire(MessageState state, Context ctx) throws IOException {
    if (state.getDeadlineTimer() != MessageState.NO_TIMER) {
      ctx.timerService().deleteEventTimeTimer(state.getDeadlineTimer());
    }
    message.clear();
    closedIn.update(state.getIndex());
    messagesExpired.inc();
  }

  private MessageState reopenOrCreate(List<MessageEvent> batch, String key) throws IOException {
    MessageEvent first = batch.get(0);
    String closed = closedIn.value();
    if (closed != null) {
      closedIn.clear();
      String documentId = MessageKey.documentId(first.getAppId(), first.getMessageId());
      Optional<MessageState> stored;
      try {
        stored = store.load(closed, documentId);
      } catch (IOException e) {
        // Failing the task replays the events from the last checkpoint once the index answers.
        throw new UncheckedIOException(
            "cannot read back the document of expired message " + key + " from " + closed, e);
      }
      if (stored.isPresent()) {
        messagesReopened.inc();
        LOG.debug("Reopened {} from {}", documentId, closed);
        return stored.get();
      }
    }
    long firstSeen = batch.stream().mapToLong(MessageEvent::getCreatedAt).min().orElseThrow();
    return new MessageState(first.getAppId(), first.getMessageId(), buckets.bucketFor(firstSeen));
  }

  private static boolean isEmpty(Iterable<MessageEvent> events) {
    return events == null || !events.iterator().hasNext();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }
}
