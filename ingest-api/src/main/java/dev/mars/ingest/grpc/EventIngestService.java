package dev.mars.ingest.grpc;

import com.google.rpc.Code;
import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import dev.mars.grpc.ingest.v1.PublishBulkRequest;
import dev.mars.grpc.ingest.v1.PublishResponse;
import dev.mars.ingest.EventIngestion;
import dev.mars.ingest.IngestOutcome;
import dev.mars.ingest.IngestProperties;
import dev.mars.ingest.Problem;
import dev.mars.ingest.RequestMemory;
import dev.mars.ingest.access.ApiKeyInterceptor;
import dev.mars.ingest.access.AppGrant;
import io.grpc.stub.StreamObserver;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.grpc.server.service.GrpcService;
import tools.jackson.databind.JsonNode;

/** {@code mars.ingest.v1.EventIngest}: one event, a bulk, or a client stream of events. */
@GrpcService
public class EventIngestService extends EventIngestGrpc.EventIngestImplBase {

  private final EventIngestion ingestion;
  private final GrpcCalls calls;
  private final IngestProperties properties;

  /** Ends streams that outlast {@code stream-timeout}. */
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "grpc-stream-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  EventIngestService(EventIngestion ingestion, GrpcCalls calls, IngestProperties properties) {
    this.ingestion = ingestion;
    this.calls = calls;
    this.properties = properties;
  }

  @PreDestroy
  void stopTimer() {
    timer.shutdownNow();
  }

  @Override
  public void publish(Event event, StreamObserver<PublishResponse> observer) {
    calls.run(
        reserved -> ingestion.single(GrpcEvents.toJson(event, reserved), ApiKeyInterceptor.grant()),
        observer,
        EventIngestService::accepted);
  }

  @Override
  public void publishBulk(PublishBulkRequest request, StreamObserver<PublishResponse> observer) {
    calls.run(
        reserved ->
            ingestion.batch(
                request.getEventsList().stream()
                    .map(event -> GrpcEvents.toJson(event, reserved))
                    .toList(),
                ApiKeyInterceptor.grant()),
        observer,
        EventIngestService::accepted);
  }

  /**
   * Collects the stream, then writes it all or nothing when the client completes it. A stream holds
   * at most {@code max-bulk-events} events and {@code max-body-size} bytes (past either, the events
   * are counted, not kept, and the call fails when the stream ends) and lasts at most {@code
   * stream-timeout}: then it is answered DEADLINE_EXCEEDED and what it held is dropped.
   */
  @Override
  public StreamObserver<Event> publishStream(StreamObserver<PublishResponse> observer) {
    if (!calls.admit(observer)) {
      return new Ignored<>();
    }
    return new BoundedStream(observer);
  }

  private final class BoundedStream implements StreamObserver<Event> {
    private final StreamObserver<PublishResponse> observer;
    private final ScheduledFuture<?> deadline;
    private final RequestMemory.Reservation reserved = calls.reserve();
    private final AppGrant grant = ApiKeyInterceptor.grant();
    private boolean tooLarge;
    private List<JsonNode> events = new ArrayList<>();
    private int received;
    private long bytes;
    private boolean ended;

    BoundedStream(StreamObserver<PublishResponse> observer) {
      this.observer = observer;
      this.deadline =
          timer.schedule(
              this::expire, properties.streamTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void onNext(Event event) {
      if (ended) {
        return;
      }
      received++;
      bytes += event.getSerializedSize();
      if (received > properties.maxBulkEvents() || bytes > maxStreamBytes() || tooLarge) {
        events = List.of(); // refused when the stream ends: nothing more is kept
        return;
      }
      try {
        events.add(GrpcEvents.toJson(event, reserved));
      } catch (RequestMemory.TooLarge e) {
        tooLarge = true;
        events = List.of();
      } catch (RequestMemory.Exhausted e) {
        if (end()) {
          events = List.of();
          calls.fail(observer, Code.RESOURCE_EXHAUSTED, "request_memory", e.getMessage());
        }
      }
    }

    @Override
    public synchronized void onError(Throwable error) {
      if (end()) {
        calls.abandon(); // the client gave up: nothing is written, nobody to answer
      }
    }

    @Override
    public synchronized void onCompleted() {
      if (!end()) {
        return;
      }
      Problem problem =
          received > properties.maxBulkEvents()
              ? ingestion.tooMany(received)
              : bytes > maxStreamBytes() || tooLarge ? ingestion.tooLarge(maxStreamBytes()) : null;
      calls.finish(
          problem == null
              ? ingestion.batch(events, grant)
              : CompletableFuture.completedFuture(new IngestOutcome.Invalid(List.of(problem))),
          observer,
          EventIngestService::accepted);
    }

    private synchronized void expire() {
      if (end()) {
        events = List.of();
        calls.fail(
            observer,
            Code.DEADLINE_EXCEEDED,
            "stream_timeout",
            "a stream may last at most " + properties.streamTimeout().toSeconds() + " s");
      }
    }

    /** Ends the stream once: false when it had ended already. */
    private boolean end() {
      if (ended) {
        return false;
      }
      ended = true;
      deadline.cancel(false);
      reserved.close(); // what it keeps goes to the producer now, or nowhere
      return true;
    }

    private long maxStreamBytes() {
      return properties.maxBodySize().toBytes();
    }
  }

  private static PublishResponse accepted(int events) {
    return PublishResponse.newBuilder().setAccepted(events).build();
  }

  /** Swallows what a refused or cancelled call still sends. */
  private static final class Ignored<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onCompleted() {}
  }
}
