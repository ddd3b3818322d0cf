package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import dev.mars.grpc.ingest.v1.PublishBulkRequest;
import dev.mars.grpc.ingest.v1.PublishResponse;
import dev.mars.grpc.marsweb.EventRequest;
import dev.mars.grpc.marsweb.MarsGrpcGrpc;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingest with keys on, over HTTP and gRPC against a real broker: no key, no write; a key writes
 * only the apps it names, events and counters alike; keys rotate by editing the file.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.grpc.server.port=0")
class IngestAccessTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final String INCREMENTS = "increments-" + UUID.randomUUID();
  private static final String KEY_A = "key-a-" + UUID.randomUUID();
  private static final String KEY_ADMIN = "key-admin-" + UUID.randomUUID();
  private static final Path KEYS_FILE = keysFile();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.increments-topic", () -> INCREMENTS);
    registry.add("mars.ingest.partitions", () -> 1);
    registry.add("mars.ingest.keys-file", KEYS_FILE::toString);
    registry.add("mars.ingest.keys", () -> "admin " + hash(KEY_ADMIN) + " *");
  }

  @LocalServerPort int httpPort;
  @LocalGrpcServerPort int grpcPort;
  private Http http;
  private ManagedChannel channel;
  private final String messageId = UUID.randomUUID().toString();

  @BeforeEach
  void connect() {
    http = new Http(httpPort);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void everyWritingRouteWantsAKey() throws Exception {
    for (String[] route :
        new String[][] {
          {"/api/event", event("app-a")},
          {"/api/create_event", event("app-a")},
          {"/api/event/bulk", "{\"events\":[" + event("app-a") + "]}"},
          {"/increment", "{\"key\":\"app-a.orders\",\"value\":1}"},
          {"/increment/bulk", "{\"increments\":[{\"key\":\"app-a.orders\",\"value\":1}]}"}
        }) {
      HttpResponse<String> anonymous = http.postJson(route[0], route[1]);
      assertThat(anonymous.statusCode()).as(route[0]).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer realm=\"mars-ingest\"");
      assertThat(anonymous.body()).contains("X-API-Key");
      assertThat(post(route[0], route[1], "not-a-key").statusCode()).as(route[0]).isEqualTo(401);
    }
    for (Runnable call : grpcCalls(channel, "app-a")) {
      assertThat(codeOf(call)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    assertThat(http.send(http.request("/actuator/health").GET()).statusCode()).isEqualTo(200);
    assertThat(stagesInKafka()).isEmpty();
    assertThat(TopicContents.records(KAFKA.bootstrapServers(), INCREMENTS)).isEmpty();
  }

  @Test
  void aKeyWritesItsOwnAppsOnly() throws Exception {
    assertThat(post("/api/event", event("app-a"), KEY_A).statusCode()).isEqualTo(202);
    HttpResponse<String> other = post("/api/event", event("app-b"), KEY_A);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).contains("app_id app-b is not granted to key writer-a");

    HttpResponse<String> mixed =
        post(
            "/api/event/bulk",
            "{\"events\":[" + event("app-a") + "," + event("app-b") + "]}",
            KEY_A);
    assertThat(mixed.statusCode()).isEqualTo(403);
    assertThat(mixed.body()).contains("\"index\":1").doesNotContain("\"index\":0");

    HttpResponse<String> bearer =
        http.send(
            http.request("/api/event")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + KEY_A)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event("app-a"))));
    assertThat(bearer.statusCode()).isEqualTo(202);

    assertThat(stagesInKafka()).containsExactly("app-a", "app-a");
  }

  @Test
  void aKeyCannotWriteAnotherAppOverGrpc() {
    ManagedChannel keyed = channel;
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), KEY_A);
    var interceptor = MetadataUtils.newAttachHeadersInterceptor(headers);

    for (Runnable call : grpcCalls(keyed, "app-b", interceptor)) {
      assertThat(codeOf(call)).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    for (Runnable call : grpcCalls(keyed, "app-a", interceptor)) {
      call.run();
    }
    assertThat(stagesInKafka()).hasSize(4).containsOnly("app-a");
  }

  @Test
  void countersBelongToTheAppTheirKeyStartsWith() throws Exception {
    assertThat(post("/increment", increment("app-a.orders"), KEY_A).statusCode()).isEqualTo(202);
    assertThat(post("/increment", increment("app-a:orders"), KEY_A).statusCode()).isEqualTo(202);
    for (String key : List.of("app-b.orders", "orders", "app-ab.orders", ".orders")) {
      HttpResponse<String> refused = post("/increment", increment(key), KEY_A);
      assertThat(refused.statusCode()).as(key).isEqualTo(403);
      assertThat(refused.body()).contains("\"field\":\"key\"");
    }
    assertThat(post("/increment", increment("anything"), KEY_ADMIN).statusCode()).isEqualTo(202);
    HttpResponse<String> mixed =
        post(
            "/increment/bulk",
            "{\"increments\":[" + increment("app-a.orders") + "," + increment("app-b.x") + "]}",
            KEY_A);
    assertThat(mixed.statusCode()).isEqualTo(403);
    assertThat(mixed.body()).contains("\"index\":1").doesNotContain("\"index\":0");
    assertThat(TopicContents.records(KAFKA.bootstrapServers(), INCREMENTS)).hasSize(3);
  }

  @Test
  void keysRotateWhenTheFileChanges() throws Exception {
    String newKey = "key-rotated-" + UUID.randomUUID();
    String before = Files.readString(KEYS_FILE);
    try {
      rewrite(before + "rotated " + hash(newKey) + " app-a\n");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> post("/api/event", event("app-a"), newKey).statusCode() == 202);

      rewrite("rotated " + hash(newKey) + " app-a\n");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> post("/api/event", event("app-a"), KEY_A).statusCode() == 401);
      assertThat(post("/api/event", event("app-a"), newKey).statusCode()).isEqualTo(202);
    } finally {
      rewrite(before);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> post("/api/event", event("app-a"), KEY_A).statusCode() == 202);
    }
  }

  private static void rewrite(String keys) throws IOException {
    Files.writeString(KEYS_FILE, keys);
    // Some file systems keep whole seconds: make sure the change is seen as one.
    Files.setLastModifiedTime(KEYS_FILE, FileTime.from(Instant.now().plusSeconds(1)));
  }

  private HttpResponse<String> post(String path, String body, String key) throws Exception {
    return http.send(
        http.request(path)
            .header("Content-Type", "application/json")
            .header("X-API-Key", key)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  private List<Runnable> grpcCalls(
      ManagedChannel channel, String app, io.grpc.ClientInterceptor... interceptors) {
    var ingest = EventIngestGrpc.newBlockingStub(channel).withInterceptors(interceptors);
    var streaming = EventIngestGrpc.newStub(channel).withInterceptors(interceptors);
    var mars = MarsGrpcGrpc.newBlockingStub(channel).withInterceptors(interceptors);
    Event event =
        Event.newBuilder()
            .setAppId(app)
            .setMessageId(messageId)
            .setEvent(app)
            .setCreatedAt(Instant.now().toString())
            .build();
    return List.of(
        () -> ingest.publish(event),
        () -> ingest.publishBulk(PublishBulkRequest.newBuilder().addEvents(event).build()),
        () -> {
          CompletableFuture<PublishResponse> answer = new CompletableFuture<>();
          StreamObserver<Event> stream = streaming.publishStream(observer(answer));
          stream.onNext(event);
          stream.onCompleted();
          try {
            answer.get(10, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        () ->
            mars.collectEvent(
                EventRequest.newBuilder()
                    .setAppId(app)
                    .setMessageId(messageId)
                    .setEvent(app)
                    .setCreatedAt(Instant.now().toString())
                    .build()));
  }

  private static Status.Code codeOf(Runnable call) {
    return catchThrowableOfType(StatusRuntimeException.class, call::run).getStatus().getCode();
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

  /** The event names of this test's message in Kafka: each test names events by their app. */
  private List<String> stagesInKafka() {
    return TopicContents.recordsWithKey(KAFKA.bootstrapServers(), TOPIC, messageId).stream()
        .map(r -> JsonMapper.builder().build().readTree(r.value()).get("event").asString())
        .toList();
  }

  private String event(String app) {
    return Http.event(app, messageId, app, Instant.now().toString());
  }

  private static String increment(String key) {
    return "{\"key\":\"" + key + "\",\"value\":1}";
  }

  static String hash(String key) {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path keysFile() {
    try {
      Path file = Files.createTempFile("mars-ingest-keys", ".txt");
      file.toFile().deleteOnExit();
      Files.writeString(file, "# test keys\nwriter-a " + hash(KEY_A) + " app-a,app-c\n");
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
