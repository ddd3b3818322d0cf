package dev.mars.bench;

import dev.mars.grpc.bench.v1.NoopGrpc;
import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import dev.mars.grpc.ingest.v1.PublishResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark sends to: one request of a protocol, answered with its status. Requests are
 * prepared before the clock starts, so the clients spend their CPU on sending, not on building.
 */
interface Target extends AutoCloseable {

  /** The request for these events, in the form {@link #send} takes. */
  Object prepare(List<WorkloadEvent> events);

  /**
   * Sends a prepared request; completes with the status (HTTP code, or gRPC code + 1000). A
   * blocking target answers before it returns; an asynchronous one completes on its own thread.
   */
  CompletableFuture<Integer> send(Object request);

  /** Whether {@link #send} answers before it returns, so each client needs a thread. */
  default boolean blocking() {
    return false;
  }

  @Override
  default void close() throws Exception {}

  static Target http(String baseUrl, String path, boolean bulk) {
    URI base = URI.create(baseUrl);
    // One connection per client thread, as each thread waits for its answer before the next.
    ThreadLocal<HttpConnection> connections =
        ThreadLocal.withInitial(() -> new HttpConnection(base));
    return new Target() {
      @Override
      public boolean blocking() {
        return true;
      }

      @Override
      public Object prepare(List<WorkloadEvent> events) {
        String body = bulk ? EventJson.bulk(events) : EventJson.single(events.get(0));
        return HttpConnection.post(
            base, path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }

      @Override
      public CompletableFuture<Integer> send(Object request) {
        HttpConnection connection = connections.get();
        try {
          return CompletableFuture.completedFuture(connection.send((byte[]) request));
        } catch (IOException e) {
          closeQuietly(connection); // reconnect on the next request
          return CompletableFuture.failedFuture(e);
        }
      }
    };
  }

  /**
   * gRPC over one channel whose callbacks run on its event loop: each answer sends the client's
   * next request from there, so the client needs no thread of its own per call in flight.
   */
  static Target grpc(String address, boolean noop, int connections) {
    String[] hostPort = address.split(":");
    List<ManagedChannel> channels = new java.util.ArrayList<>();
    for (int c = 0; c < connections; c++) {
      channels.add(
          ManagedChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
              .usePlaintext()
              .directExecutor()
              .build());
    }
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    MethodDescriptor<Event, PublishResponse> method =
        noop ? NoopGrpc.getNoopMethod() : EventIngestGrpc.getPublishMethod();
    return new Target() {
      @Override
      public Object prepare(List<WorkloadEvent> events) {
        return proto(events.get(0));
      }

      @Override
      public CompletableFuture<Integer> send(Object request) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(
            channels
                .get(Math.floorMod(next.getAndIncrement(), channels.size()))
                .newCall(method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
            (Event) request,
            new StreamObserver<>() {
              @Override
              public void onNext(PublishResponse response) {}

              @Override
              public void onError(Throwable error) {
                status.complete(1000 + Status.fromThrowable(error).getCode().value());
              }

              @Override
              public void onCompleted() {
                status.complete(1000);
              }
            });
        return status;
      }

      @Override
      public void close() throws InterruptedException {
        for (ManagedChannel channel : channels) {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    };
  }

  private static void closeQuietly(HttpConnection connection) {
    try {
      connection.close();
    } catch (IOException ignored) {
      // already broken
    }
  }

  private static Event proto(WorkloadEvent event) {
    return Event.newBuilder()
        .setEventId(event.eventId())
        .setAppId(event.appId())
        .setMessageId(event.messageId())
        .setEvent(event.event())
        .setCreatedAt(Instant.ofEpochMilli(event.createdAtMillis()).toString())
        .putAllAttributes(event.attributes())
        .build();
  }
}
