package dev.mars.ingest.grpc;

import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import dev.mars.grpc.ingest.v1.PublishBulkRequest;
import dev.mars.grpc.ingest.v1.PublishResponse;
import dev.mars.ingest.EventIngestion;
import dev.mars.ingest.IngestOutcome;
import dev.mars.ingest.IngestProperties;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.grpc.server.service.GrpcService;
import tools.jackson.databind.JsonNode;

/** {@code mars.ingest.v1.EventIngest}: one event, a bulk, or a client stream of events. */
@GrpcService
public class EventIngestService extends EventIngestGrpc.EventIngestImplBase {

  private final EventIngestion ingestion;
  private final GrpcCalls calls;
  private final IngestProperties properties;

  EventIngestService(EventIngestion ingestion, GrpcCalls calls, IngestProperties properties) {
    this.ingestion = ingestion;
    this.calls = calls;
    this.properties = properties;
  }

  @Override
  public void publish(Event event, StreamObserver<PublishResponse> observer) {
    calls.run(
        () -> ingestion.single(GrpcEvents.toJson(event)), observer, EventIngestService::accepted);
  }

  @Override
  public void publishBulk(PublishBulkRequest request, StreamObserver<PublishResponse> observer) {
    calls.run(
        () -> ingestion.batch(request.getEventsList().stream().map(GrpcEvents::toJson).toList()),
        observer,
        EventIngestService::accepted);
  }

  /** Collects the stream, then writes it all or nothing when the client completes it. */
  @Override
  public StreamObserver<Event> publishStream(StreamObserver<PublishResponse> observer) {
    if (!calls.admit(observer)) {
      return new Ignored<>();
    }
    return new StreamObserver<>() {
      private final List<JsonNode> events = new ArrayList<>();
      private int received;

      @Override
      public void onNext(Event event) {
        // Past the cap the events are counted, not kept: the call fails when the stream ends.
        if (++received <= properties.maxBulkEvents()) {
          events.add(GrpcEvents.toJson(event));
        }
      }

      @Override
      public void onError(Throwable error) {
        calls.abandon(); // the client gave up: nothing is written, nobody to answer
      }

      @Override
      public void onCompleted() {
        if (received > properties.maxBulkEvents()) {
          calls.finish(
              CompletableFuture.completedFuture(
                  new IngestOutcome.Invalid(List.of(ingestion.tooMany(received)))),
              observer,
              EventIngestService::accepted);
          return;
        }
        calls.finish(ingestion.batch(events), observer, EventIngestService::accepted);
      }
    };
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
