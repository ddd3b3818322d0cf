package dev.mars.ingest.grpc;

import dev.mars.grpc.marsweb.EventRequest;
import dev.mars.grpc.marsweb.EventResponse;
import dev.mars.grpc.marsweb.MarsGrpcGrpc;
import dev.mars.ingest.EventIngestion;
import dev.mars.ingest.access.ApiKeyInterceptor;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;

/**
 * Mars's {@code MarsWeb.GrpcService.MarsGrpc/collectEvent}: success once Kafka holds the event; a
 * created_at Mars ignored gets the server's time ({@link IgnoredCreatedAt}).
 */
@GrpcService
public class MarsGrpcService extends MarsGrpcGrpc.MarsGrpcImplBase {

  private static final EventResponse SUCCESS = EventResponse.newBuilder().setSuccess(true).build();

  private final EventIngestion ingestion;
  private final GrpcCalls calls;
  private final IgnoredCreatedAt ignoredCreatedAt;

  MarsGrpcService(EventIngestion ingestion, GrpcCalls calls, IgnoredCreatedAt ignoredCreatedAt) {
    this.ingestion = ingestion;
    this.calls = calls;
    this.ignoredCreatedAt = ignoredCreatedAt;
  }

  @Override
  public void collectEvent(EventRequest request, StreamObserver<EventResponse> observer) {
    calls.run(
        reserved ->
            ingestion.single(
                ignoredCreatedAt.apply(GrpcEvents.toJson(request, reserved)),
                ApiKeyInterceptor.grant()),
        observer,
        accepted -> SUCCESS);
  }
}
