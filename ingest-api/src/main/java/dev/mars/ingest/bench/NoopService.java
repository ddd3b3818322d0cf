package dev.mars.ingest.bench;

import dev.mars.grpc.bench.v1.NoopGrpc;
import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.PublishResponse;
import io.grpc.stub.StreamObserver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.grpc.server.service.GrpcService;

/**
 * The gRPC benchmark baseline, served only with {@code mars.ingest.bench-endpoints=true}: a call
 * that does nothing, to measure the gRPC stack's own cost on the same server.
 */
@GrpcService
@ConditionalOnBooleanProperty("mars.ingest.bench-endpoints")
public class NoopService extends NoopGrpc.NoopImplBase {

  private static final PublishResponse ONE = PublishResponse.newBuilder().setAccepted(1).build();

  @Override
  public void noop(Event request, StreamObserver<PublishResponse> observer) {
    observer.onNext(ONE);
    observer.onCompleted();
  }
}
