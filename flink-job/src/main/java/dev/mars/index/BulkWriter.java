package dev.mars.index;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.deadletter.DeadLetterLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers documents and writes them with {@code _bulk}: when {@code maxActions} are buffered, every
 * flush interval, and on every checkpoint (so no document of a completed checkpoint is lost).
 *
 * <p>A write Elasticsearch cannot take now (429, unavailable, no connection) is tried again with
 * backoff, for as long as it takes: the task waits, which slows the job down to what the index
 * takes (backpressure) and never fails it. A document refused for what it holds goes to the
 * refused-documents topic with the reason, and the job goes on.
 */
final class BulkWriter<T> implements SinkWriter<T> {

  private static final Logger LOG = LoggerFactory.getLogger(BulkWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BulkActions<T> actions;
  private final ElasticsearchBulkSink.Settings settings;
  private final RestClient client;
  private final RefusedDocuments refusedDocuments;
  private final ProcessingTimeService time;
  private final DeadLetterLog refusalLog = new DeadLetterLog(60_000);
  private final Counter documentsRefused;
  private final Counter bulkRetries;
  private final Counter documentsWritten;
  private volatile int retrying;

  private List<BulkAction> buffer = new ArrayList<>();
  private long bufferedBytes;
  private final BulkAction progress;
  private long progressSentAt;

  /**
   * Every version this writer stamped up to this time is written: the send time of its latest
   * request that Elasticsearch took whole (at first, when the writer was made: it had stamped
   * nothing). What the progress document says; see {@link SinkProgress}.
   */
  private long writtenThrough = System.currentTimeMillis();

  /**
   * @param progress this subtask's progress document ({@link SinkProgress}), sent in every request,
   *     or null
   */
  BulkWriter(
      BulkActions<T> actions,
      ElasticsearchBulkSink.Settings settings,
      ProcessingTimeService time,
      MetricGroup metrics,
      BulkAction progress) {
    this.actions = actions;
    this.progress = progress;
    this.settings = settings;
    this.time = time;
    this.client =
        settings
            .elasticsearch()
            .builder()
            .setRequestConfigCallback(
                config ->
                    config
                        .setConnectTimeout(settings.connectTimeoutMs())
                        .setSocketTimeout(settings.socketTimeoutMs()))
            .build();
    this.refusedDocuments =
        new RefusedDocuments(settings.kafka(), settings.refusedDocumentsTopic());
    this.documentsRefused = metrics.counter("documentsRefused");
    this.bulkRetries = metrics.counter("bulkRetries");
    this.documentsWritten = metrics.counter("documentsIndexed");
    metrics.gauge("elasticsearchRetrying", () -> retrying);
    scheduleFlush();
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    BulkAction action = actions.of(element);
    buffer.add(action);
    bufferedBytes += action.source().length;
    if (buffer.size() >= settings.maxActions() || bufferedBytes >= settings.maxBytes()) {
      send();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    send();
    refusedDocuments.flush();
  }

  private void scheduleFlush() {
    time.registerTimer(
        time.getCurrentProcessingTime() + settings.flushIntervalMs(),
        now -> {
          send();
          sayProgressWhileIdle();
          scheduleFlush();
        });
  }

  /**
   * A subtask with nothing to write has written everything it stamped: it says so, alone, about
   * once a second. Not tried again: the next tick will.
   */
  private void sayProgressWhileIdle() throws IOException {
    long now = System.currentTimeMillis();
    if (progress == null
        || !buffer.isEmpty()
        || now - progressSentAt < SinkProgress.IDLE_EVERY_MS) {
      return;
    }
    BulkOutcome outcome = attempt(List.of(progress));
    if (outcome.retry.isEmpty() && outcome.refused.isEmpty()) {
      progressSentAt = now;
      writtenThrough = now;
    }
  }

  /** Writes what is buffered, trying again what Elasticsearch cannot take now until it can. */
  private void send() throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    List<BulkAction> pending = buffer;
    buffer = new ArrayList<>();
    bufferedBytes = 0;
    Backoff backoff = new Backoff(settings.backoffInitialMs(), settings.backoffMaxMs());
    long since = System.currentTimeMillis();
    while (!pending.isEmpty()) {
      long attemptedAt = System.currentTimeMillis();
      BulkOutcome outcome = attempt(withProgress(pending));
      boolean progressWritten =
          !outcome.retry.remove(progress)
              & !outcome.refused.removeIf(refused -> refused.action() == progress);
      if (progress != null && progressWritten) {
        progressSentAt = attemptedAt;
      }
      if (outcome.retry.isEmpty()) {
        writtenThrough = attemptedAt;
      }
      documentsWritten.inc(pending.size() - outcome.retry.size() - outcome.refused.size());
      for (BulkOutcome.Refused refused : outcome.refused) {
        refuse(refused.action(), refused.reason());
      }
      pending = outcome.retry;
      if (!pending.isEmpty()) {
        if (backoff.attempts() == 0) {
          LOG.warn(
              "Elasticsearch cannot take {} document writes now ({}); trying again with backoff"
                  + " until it can",
              pending.size(),
              outcome.retryReason);
        }
        retrying = 1;
        bulkRetries.inc();
        backoff.pause();
      }
    }
    if (backoff.attempts() > 0) {
      retrying = 0;
      LOG.info(
          "Elasticsearch took the writes again after {} s and {} retries",
          (System.currentTimeMillis() - since) / 1000,
          backoff.attempts());
    }
  }

  private List<BulkAction> withProgress(List<BulkAction> pending) {
    if (progress == null) {
      return pending;
    }
    List<BulkAction> with = new ArrayList<>(pending.size() + 1);
    with.addAll(pending);
    with.add(progress);
    return with;
  }

  private BulkOutcome attempt(List<BulkAction> pending) throws IOException {
    Request request = new Request("POST", "/_bulk");
    // Written by the client's I/O thread straight from the array; a ByteArrayEntity is copied
    // through a stream into a new buffer per request.
    request.setEntity(
        new NByteArrayEntity(
            body(pending, System.currentTimeMillis()), ContentType.create("application/x-ndjson")));
    Response response;
    try {
      response = client.performRequest(request);
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (status == 413 && pending.size() > 1) {
        // Too large as one request: each half on its own.
        int half = pending.size() / 2;
        BulkOutcome first = attempt(pending.subList(0, half));
        BulkOutcome second = attempt(pending.subList(half, pending.size()));
        first.retry.addAll(second.retry);
        first.refused.addAll(second.refused);
        return first;
      }
      if (status == 400 || status == 413) {
        return BulkOutcome.allRefused(pending, "HTTP " + status + " for the whole bulk request");
      }
      return BulkOutcome.allToRetry(pending, "HTTP " + status); // 401, 403, 429, 5xx: not now
    } catch (IOException e) {
      return BulkOutcome.allToRetry(pending, e.toString());
    }
    return BulkOutcome.read(response.getEntity().getContent(), pending);
  }

  private byte[] body(List<BulkAction> actions, long now) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (BulkAction action : actions) {
      try (JsonGenerator header = JSON.getFactory().createGenerator(out)) {
        header.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        header.writeStartObject();
        header.writeObjectFieldStart("index");
        header.writeStringField("_index", action.index());
        header.writeStringField("_id", action.id());
        header.writeEndObject();
        header.writeEndObject();
      }
      out.write('\n');
      SendTime.write(
          out, action.source(), action.sendTimeAt(), action == progress ? writtenThrough : now);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private void refuse(BulkAction action, String reason) {
    documentsRefused.inc();
    refusedDocuments.send(action, reason);
    refusalLog
        .line("document", action.index() + "/" + action.id(), reason, System.currentTimeMillis())
        .ifPresent(LOG::warn);
  }

  @Override
  public void close() throws Exception {
    try (RestClient closing = client;
        RefusedDocuments closingToo = refusedDocuments) {
      // Nothing is sent here: what a checkpoint did not flush is replayed from Kafka.
    }
  }
}
