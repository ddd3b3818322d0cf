package dev.mars.ingest.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.Status;
import dev.mars.ingest.IngestOutcome;
import dev.mars.ingest.Problem;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Answers a gRPC call from an ingest outcome: INVALID_ARGUMENT with a {@code google.rpc.BadRequest}
 * naming each field ({@code events[3].created_at} in a batch), UNAVAILABLE when Kafka did not
 * acknowledge, RESOURCE_EXHAUSTED when the server is saturated.
 */
final class GrpcAnswers {

  private GrpcAnswers() {}

  static <T> void answer(
      IngestOutcome outcome, StreamObserver<T> observer, IntFunction<T> accepted) {
    if (outcome instanceof IngestOutcome.Accepted ok) {
      observer.onNext(accepted.apply(ok.events()));
      observer.onCompleted();
    } else if (outcome instanceof IngestOutcome.Invalid invalid) {
      observer.onError(invalid(invalid.problems()));
    } else if (outcome instanceof IngestOutcome.Forbidden forbidden) {
      observer.onError(status(Code.PERMISSION_DENIED, message(forbidden.problems())));
    } else {
      observer.onError(status(Code.UNAVAILABLE, ((IngestOutcome.Unavailable) outcome).reason()));
    }
  }

  /**
   * Problems named in one answer: they travel in the trailers, twice (the message and the details),
   * and gRPC clients refuse trailers over 8 KB by default.
   */
  static final int MAX_PROBLEMS = 10;

  static StatusRuntimeException invalid(List<Problem> problems) {
    BadRequest.Builder details = BadRequest.newBuilder();
    StringBuilder message = new StringBuilder();
    for (Problem problem : problems.subList(0, Math.min(MAX_PROBLEMS, problems.size()))) {
      String field =
          problem.index() == null
              ? problem.field()
              : "events[" + problem.index() + "]." + problem.field();
      details.addFieldViolations(
          BadRequest.FieldViolation.newBuilder().setField(field).setDescription(problem.problem()));
      message
          .append(message.isEmpty() ? "" : "; ")
          .append(field)
          .append(' ')
          .append(problem.problem());
    }
    if (problems.size() > MAX_PROBLEMS) {
      String more = "the first " + MAX_PROBLEMS + " problems are listed";
      details.addFieldViolations(
          BadRequest.FieldViolation.newBuilder().setField("events").setDescription(more));
      message.append("; ").append(more);
    }
    return StatusProto.toStatusRuntimeException(
        Status.newBuilder()
            .setCode(Code.INVALID_ARGUMENT_VALUE)
            .setMessage(message.toString())
            .addDetails(Any.pack(details.build()))
            .build());
  }

  private static String message(List<Problem> problems) {
    StringBuilder message = new StringBuilder();
    for (Problem problem : problems.subList(0, Math.min(MAX_PROBLEMS, problems.size()))) {
      message.append(message.isEmpty() ? "" : "; ");
      if (problem.index() != null) {
        message.append("events[").append(problem.index()).append("]: ");
      }
      message.append(problem.problem());
    }
    return message.toString();
  }

  static StatusRuntimeException status(Code code, String message) {
    return StatusProto.toStatusRuntimeException(
        Status.newBuilder().setCode(code.getNumber()).setMessage(message).build());
  }
}
