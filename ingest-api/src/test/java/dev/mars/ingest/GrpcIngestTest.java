package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.google.rpc.BadRequest;
import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import dev.mars.grpc.ingest.v1.PublishBulkRequest;
import dev.mars.grpc.ingest.v1.PublishResponse;
import dev.mars.grpc.marsweb.EventRequest;
import dev.mars.grpc.marsweb.EventResponse;
import dev.mars.grpc.marsweb.MarsGrpcGrpc;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The gRPC services with generated clients, against a real Kafka broker. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.grpc.server.port=0")
class GrpcIngestTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final int MAX_BULK = 10;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.partitions", () -> 2);
    // The fixtures carry fixed dates (2026-11-23): a range that keeps them valid for years.
    registry.add("mars.ingest.created-at-range", () -> "36500d");
    registry.add("mars.ingest.max-bulk-events", () -> MAX_BULK);
    registry.add("mars.ingest.max-body-size", () -> "64KB");
    registry.add("mars.ingest.stream-timeout", () -> "2s");
  }

  @LocalGrpcServerPort int grpcPort;
  private ManagedChannel channel;
  private final String messageId = UUID.randomUUID().toString();

  @BeforeEach
  void connect() {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void marsCollectEventSucceedsOnceKafkaHoldsTheEvent() {
    EventResponse response =
        MarsGrpcGrpc.newBlockingStub(channel)
            .collectEvent(
                EventRequest.newBuilder()
                    .setAppId("app-00")
                    .setMessageId(messageId)
                    .setEvent("MESSAGE_CREATED")
                    .setCreatedAt("2026-11-23T10:00:00Z")
                    .build());

    assertThat(response.getSuccess()).isTrue();
    assertThat(stagesInKafka()).containsExactly("MESSAGE_CREATED");
  }

  @Test
  void marsCollectEventNamesTheBadFieldsInItsStatus() {
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                MarsGrpcGrpc.newBlockingStub(channel)
                    .collectEvent(
                        EventRequest.newBuilder()
                            .setMessageId(messageId)
                            .setEvent("x".repeat(1_000))
                            .build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(fieldsOf(error)).containsExactly("app_id", "event");
    assertThat(stagesInKafka()).isEmpty();
  }

  @Test
  void marsCollectEventTakesTheServersTimeForACreatedAtMarsIgnored() {
    // Mars's own ghz recipe: {"app_id":..., "created_at":"Hello"}.
    EventResponse response =
        MarsGrpcGrpc.newBlockingStub(channel)
            .collectEvent(
                EventRequest.newBuilder()
                    .setAppId("app-00")
                    .setMessageId(messageId)
                    .setEvent("MESSAGE_CREATED")
                    .setCreatedAt("Hello")
                    .build());

    assertThat(response.getSuccess()).isTrue();
    var event =
        JsonMapper.builder()
            .build()
            .readTree(
                TopicContents.recordsWithKey(KAFKA.bootstrapServers(), TOPIC, messageId)
                    .get(0)
                    .value());
    assertThat(event.path("created_at_source").asString()).isEqualTo("server");
    assertThat(java.time.Instant.parse(event.path("created_at").asString()))
        .isCloseTo(java.time.Instant.now(), within(1, java.time.temporal.ChronoUnit.MINUTES));
  }

  @Test
  void publishesABulkAllOrNothing() {
    EventIngestGrpc.EventIngestBlockingStub stub = EventIngestGrpc.newBlockingStub(channel);
    Event good = event("MESSAGE_CREATED", "2026-11-23T10:00:00Z");
    Event bad = event("MESSAGE_REACHED_BACKEND", "yesterday");

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                stub.publishBulk(
                    PublishBulkRequest.newBuilder().addEvents(good).addEvents(bad).build()));
    assertThat(fieldsOf(error)).containsExactly("events[1].created_at");
    assertThat(stagesInKafka()).isEmpty();

    PublishResponse response =
        stub.publishBulk(
            PublishBulkRequest.newBuilder()
                .addEvents(good)
                .addEvents(event("MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01Z"))
                .build());
    assertThat(response.getAccepted()).isEqualTo(2);
    assertThat(stagesInKafka())
        .containsExactlyInAnyOrder("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND");
  }

  @Test
  void publishesAClientStreamWhenItCompletes() throws Exception {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<Event> stream = EventIngestGrpc.newStub(channel).publishStream(observer(answer));
    stream.onNext(event("MESSAGE_CREATED", "2026-11-23T10:00:00Z"));
    stream.onNext(
        event("MESSAGE_REACHED_BACKEND", "2026-11-23T10:00:01Z").toBuilder()
            .putAttributes("channel", "push")
            .build());
    stream.onCompleted();

    assertThat(answer.get(10, TimeUnit.SECONDS).getAccepted()).isEqualTo(2);
    assertThat(stagesInKafka())
        .containsExactlyInAnyOrder("MESSAGE_CREATED", "MESSAGE_REACHED_BACKEND");
  }

  @Test
  void refusesAStreamLongerThanTheBulkLimit() {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<Event> stream = EventIngestGrpc.newStub(channel).publishStream(observer(answer));
    for (int i = 0; i <= MAX_BULK; i++) {
      stream.onNext(event("STAGE_" + i, "2026-11-23T10:00:00Z"));
    }
    stream.onCompleted();

    Throwable error = catchThrowableOfType(Exception.class, () -> answer.get(10, TimeUnit.SECONDS));
    assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(error).getDescription())
        .contains("the most one request may hold is 10");
    assertThat(stagesInKafka()).isEmpty();
  }

  @Test
  void refusesAStreamLargerThanTheBodyLimitWithoutKeepingIt() {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<Event> stream = EventIngestGrpc.newStub(channel).publishStream(observer(answer));
    for (int i = 0; i < MAX_BULK - 1; i++) {
      Event.Builder large = event("STAGE_" + i, "2026-11-23T10:00:00Z").toBuilder();
      for (int k = 0; k < 32; k++) {
        large.putAttributes("k" + k, "v".repeat(250));
      }
      stream.onNext(large.build());
    }
    stream.onCompleted();

    Throwable error = catchThrowableOfType(Exception.class, () -> answer.get(10, TimeUnit.SECONDS));
    assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(Status.fromThrowable(error).getDescription())
        .contains("hold more than 65536 bytes in one stream");
    assertThat(stagesInKafka()).isEmpty();
  }

  @Test
  void endsAStreamThatOutlastsItsTimeout() {
    CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
    StreamObserver<Event> stream = EventIngestGrpc.newStub(channel).publishStream(observer(answer));
    stream.onNext(event("MESSAGE_CREATED", "2026-11-23T10:00:00Z")); // and never completes

    Throwable error = catchThrowableOfType(Exception.class, () -> answer.get(10, TimeUnit.SECONDS));
    assertThat(Status.fromThrowable(error).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(Status.fromThrowable(error).getDescription())
        .isEqualTo("a stream may last at most 2 s");
    stream.onCompleted();
    assertThat(stagesInKafka()).isEmpty();
  }

  private Event event(String stage, String at) {
    return Event.newBuilder()
        .setAppId("app-00")
        .setMessageId(messageId)
        .setEvent(stage)
        .setCreatedAt(at)
        .build();
  }

  private static <T> StreamObserver<T> observer(CompletableFuture<T> answer) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        answer.complete(value);
      }

      @Override
      public void onError(Throwable error) {
        answer.completeExceptionally(error);
      }

      @Override
      public void onCompleted() {}
    };
  }

  private static List<String> fieldsOf(StatusRuntimeException error) {
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    assertThat(status).isNotNull();
    try {
      return status.getDetails(0).unpack(BadRequest.class).getFieldViolationsList().stream()
          .map(BadRequest.FieldViolation::getField)
          .toList();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private List<String> stagesInKafka() {
    return TopicContents.recordsWithKey(KAFKA.bootstrapServers(), TOPIC, messageId).stream()
        .map(r -> JsonMapper.builder().build().readTree(r.value()).get("event").asString())
        .toList();
  }
}
