package dev.mars.ingest.grpc;

import com.google.rpc.Code;
import dev.mars.ingest.InFlightPermits;
import dev.mars.ingest.IngestMetrics;
import dev.mars.ingest.IngestOutcome;
import dev.mars.ingest.RequestMemory;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.springframework.stereotype.Component;

/** Runs a gRPC call under the shared in-flight cap and answers it from its outcome. */
@Component
class GrpcCalls {

  private final InFlightPermits permits;
  private final IngestMetrics metrics;
  private final RequestMemory memory;

  GrpcCalls(InFlightPermits permits, IngestMetrics metrics, RequestMemory memory) {
    this.permits = permits;
    this.metrics = metrics;
    this.memory = memory;
  }

  /** Takes a permit, or refuses the call with RESOURCE_EXHAUSTED; false when refused. */
  boolean admit(StreamObserver<?> observer) {
    if (permits.tryAcquire()) {
      return true;
    }
    metrics.rejected("in_flight_limit", 1);
    observer.onError(GrpcAnswers.status(Code.RESOURCE_EXHAUSTED, permits.refusal()));
    return false;
  }

  /** Answers an admitted call once its events are settled, then gives its permit back. */
  <T> void finish(
      CompletableFuture<IngestOutcome> outcome,
      StreamObserver<T> observer,
      IntFunction<T> accepted) {
    outcome.whenComplete(
        (result, error) -> {
          try {
            if (error != null) {
              observer.onError(GrpcAnswers.status(Code.INTERNAL, error.getMessage()));
            } else {
              GrpcAnswers.answer(result, observer, accepted);
            }
          } finally {
            permits.release();
          }
        });
  }

  /**
   * Answers an admitted call with an error at once, counted as a refusal for {@code reason}, and
   * gives its permit back.
   */
  <T> void fail(StreamObserver<T> observer, Code code, String reason, String message) {
    metrics.rejected(reason, 1);
    try {
      observer.onError(GrpcAnswers.status(code, message));
    } finally {
      permits.release();
    }
  }

  /** Gives back the permit of an admitted call that ends unanswered (the client cancelled). */
  void abandon() {
    permits.release();
  }

  /**
   * Runs a call whose events {@code call} reads, reserving what they hold from the request memory
   * while it does: past it, RESOURCE_EXHAUSTED (together) or INVALID_ARGUMENT (on its own).
   */
  <T> void run(
      Function<RequestMemory.Reservation, CompletableFuture<IngestOutcome>> call,
      StreamObserver<T> observer,
      IntFunction<T> accepted) {
    if (!admit(observer)) {
      return;
    }
    CompletableFuture<IngestOutcome> outcome;
    try (RequestMemory.Reservation reserved = memory.reserve()) {
      outcome = call.apply(reserved);
    } catch (RequestMemory.Exhausted e) {
      fail(observer, Code.RESOURCE_EXHAUSTED, "request_memory", e.getMessage());
      return;
    } catch (RequestMemory.TooLarge e) {
      fail(observer, Code.INVALID_ARGUMENT, "request_too_large", e.getMessage());
      return;
    }
    finish(outcome, observer, accepted);
  }

  RequestMemory.Reservation reserve() {
    return memory.reserve();
  }
}
