package dev.mars.bench;

import dev.mars.grpc.bench.v1.NoopGrpc;
import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark sends to: one request of a protocol, answered with its status. Requests are
 * prepared before the clock starts, so the clients spend their CPU on sending, not on building.
 */
interface Target extends AutoCloseable {

  /** The request for these events, in the form {@link #send} takes. */
  Object prepare(List<WorkloadEvent> events);

  /** Sends a prepared request; returns the status (HTTP code, or gRPC code + 1000). */
  int send(Object request) throws Exception;

  @Override
  default void close() throws Exception {}

  static Target http(String baseUrl, String path, boolean bulk) {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    URI uri = URI.create(baseUrl + path);
    return new Target() {
      @Override
      public Object prepare(List<WorkloadEvent> events) {
        String body = bulk ? EventJson.bulk(events) : EventJson.single(events.get(0));
        return body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }

      @Override
      public int send(Object body) throws Exception {
        return client
            .send(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) body))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
      }
    };
  }

  static Target grpc(String address, boolean noop) {
    String[] hostPort = address.split(":");
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
            .usePlaintext()
            .build();
    EventIngestGrpc.EventIngestBlockingStub ingest = EventIngestGrpc.newBlockingStub(channel);
    NoopGrpc.NoopBlockingStub baseline = NoopGrpc.newBlockingStub(channel);
    return new Target() {
      @Override
      public Object prepare(List<WorkloadEvent> events) {
        return proto(events.get(0));
      }

      @Override
      public int send(Object request) {
        Event event = (Event) request;
        try {
          if (noop) {
            baseline.withDeadlineAfter(30, TimeUnit.SECONDS).noop(event);
          } else {
            ingest.withDeadlineAfter(30, TimeUnit.SECONDS).publish(event);
          }
          return 1000;
        } catch (StatusRuntimeException e) {
          return 1000 + e.getStatus().getCode().value();
        }
      }

      @Override
      public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    };
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
