package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.deadletter.DeadLetterTopic;
import dev.mars.event.EventParser;
import dev.mars.event.MessageEvent;
import dev.mars.event.MessageKey;
import dev.mars.grpc.ingest.v1.Event;
import dev.mars.grpc.ingest.v1.EventIngestGrpc;
import dev.mars.grpc.ingest.v1.PublishBulkRequest;
import dev.mars.grpc.ingest.v1.PublishResponse;
import dev.mars.job.MarsJob;
import dev.mars.job.MarsJobConfig;
import dev.mars.progress.Heartbeats;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.KafkaExtension;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.engine.SourceOfRandomness;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of generated hostile events (jqwik's generators, from a fixed seed) through ingest over
 * HTTP and gRPC and straight into the events topic, with good events between them, against real
 * Kafka, Elasticsearch, the ingest jar (256 MB heap) and the job on a MiniCluster that restarts no
 * job. Every answer is 2xx or 4xx, the job never fails, every record of the topic is in its
 * document or in the dead-letter topic with a reason, and every good event is searchable.
 */
class HostileInputFuzzITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(noRestarts())
              .build());

  private static final long SEED = 20261126L;
  private static final int HOSTILE_PER_DOOR = 1_000;
  private static final int GOOD_EVERY = 25;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  private static final String TOPIC = "events-" + SUFFIX;
  private static final String INDEX = "messages-" + SUFFIX;
  private static final int GRPC_PORT = Infra.freePort();

  private static ServiceJar ingest;
  private static JobClient job;

  private final Random random = seeded();
  private final Instant now = Instant.now();
  private final Set<String> goodMessages = new HashSet<>();
  private final Map<String, Integer> answers = new java.util.TreeMap<>();
  private final Arbitrary<String> anyText =
      Arbitraries.strings().all().ofMinLength(0).ofMaxLength(300);
  private final Arbitrary<String> names =
      Arbitraries.oneOf(
          anyText,
          Arbitraries.strings().withChars("ax.y -").ofMinLength(1).ofMaxLength(8),
          Arbitraries.of("x", "x.y", "a.", ".", "..", "stages.x", "TEST EVENT FOR 42", "名前", "🚀"),
          Arbitraries.strings().alpha().ofMinLength(129).ofMaxLength(5_000));
  private final Arbitrary<String> times =
      Arbitraries.oneOf(
          Arbitraries.of(
              "+300000000-01-01T00:00:00Z",
              "-999999999-01-01T00:00:00Z",
              "+999999999-12-31T23:59:59.999999999Z",
              "2026-02-30T00:00:00Z",
              "1999-12-31T23:59:59Z",
              "2026-11-23T10:00:00+18:00",
              "yesterday",
              ""),
          Arbitraries.longs()
              .between(-Duration.ofDays(800).toMillis(), Duration.ofDays(800).toMillis())
              .map(offset -> now.plusMillis(offset).toString()),
          anyText);

  /** The same inputs every run: jqwik's and this test's randomness from one seed. */
  private static Random seeded() {
    SourceOfRandomness.create(String.valueOf(SEED));
    return new Random(SEED);
  }

  @BeforeAll
  static void startMars() throws Exception {
    ingest =
        ServiceJar.start(
            "ingest-api",
            "mars.ingest.jar",
            "--mars.ingest.bootstrap-servers=" + KAFKA.bootstrapServers(),
            "--mars.ingest.topic=" + TOPIC,
            "--mars.ingest.increments-topic=increments-" + SUFFIX,
            "--mars.ingest.partitions=2",
            "--spring.grpc.server.port=" + GRPC_PORT);
    MarsJobConfig config =
        MarsJobConfig.load(
            new String[] {
              "--kafka.bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--kafka.topic",
              TOPIC,
              "--kafka.increments-topic",
              "increments-" + SUFFIX,
              "--kafka.alerts-topic",
              "alerts-" + SUFFIX,
              "--kafka.refused-documents-topic",
              "refused-" + SUFFIX,
              "--kafka.group-id",
              "mars-fuzz-" + SUFFIX,
              "--kafka.partitions",
              "2",
              "--elasticsearch.hosts",
              ELASTICSEARCH.url(),
              "--elasticsearch.index",
              INDEX,
              "--elasticsearch.counters-index",
              "counters-" + SUFFIX,
              "--parallelism",
              "2",
              "--checkpoint.interval.ms",
              "2000"
            },
            Map.of());
    config.prepareKafkaAndElasticsearch();
    job = MarsJob.fromConfig(config).build(config.environment()).executeAsync("mars-fuzz");
  }

  @AfterAll
  static void stopMars() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  void noHostileInputStopsAnythingOrGoesUnaccounted() throws Exception {
    sendOverHttp();
    sendOverGrpc();
    sendStraightToKafka();
    floodWithMaximumBodies();
    floodWithMaximumGrpcMessages();

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> documentsOf(goodMessages).size(), found -> found == goodMessages.size());
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    everyRecordIsInItsDocumentOrADeadLetter();
    assertThat(ingest.logContains("OutOfMemoryError")).isFalse();
    System.out.printf(
        "Fuzz: answers %s; %d good messages; ingest's peak heap %d MiB (of 256)%n",
        answers, goodMessages.size(), ingest.peakHeapMib());
  }

  private void sendOverHttp() throws Exception {
    for (int i = 0; i < HOSTILE_PER_DOOR; i++) {
      if (i % GOOD_EVERY == 0) {
        String good = goodEvent();
        assertThat(post("/api/event", good).statusCode()).isEqualTo(202);
      }
      HttpResponse<String> answer =
          i % 10 == 0
              ? post(
                  "/api/event/bulk", "{\"events\":[" + hostileJson() + "," + hostileJson() + "]}")
              : i % 10 == 5
                  ? post("/increment/bulk", "{\"increments\":[" + hostileJson() + "]}")
                  : post("/api/event", i % 7 == 0 ? garbage() : hostileJson());
      assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 499);
      answers.merge("http " + answer.statusCode(), 1, Integer::sum);
    }
  }

  private void sendOverGrpc() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_PORT).usePlaintext().build();
    try {
      var stub = EventIngestGrpc.newBlockingStub(channel);
      for (int i = 0; i < HOSTILE_PER_DOOR / 2; i++) {
        Event.Builder event =
            Event.newBuilder()
                .setAppId(pick(anyText))
                .setMessageId(pick(names))
                .setEvent(pick(names))
                .setCreatedAt(pick(times));
        for (int k = random.nextInt(40); k > 0; k--) {
          event.putAttributes(pick(anyText), pick(anyText));
        }
        try {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).publish(event.build());
          answers.merge("grpc OK", 1, Integer::sum);
        } catch (StatusRuntimeException refused) {
          answers.merge("grpc " + refused.getStatus().getCode(), 1, Integer::sum);
          assertThat(refused.getStatus().getCode())
              .as(refused.getStatus().toString())
              .isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void sendStraightToKafka() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < HOSTILE_PER_DOOR; i++) {
        if (i % GOOD_EVERY == 0) {
          producer.send(new ProducerRecord<>(TOPIC, bytes(goodEvent())));
        }
        byte[] value;
        if (i % 5 == 0) {
          value = new byte[random.nextInt(200)];
          random.nextBytes(value);
        } else {
          value = bytes(hostileJson());
        }
        producer.send(new ProducerRecord<>(TOPIC, i % 3 == 0 ? null : bytes(pick(anyText)), value));
      }
      producer.flush();
    }
  }

  /** Three 16 MB bodies of empty events at once, beside a normal request. */
  private void floodWithMaximumBodies() throws Exception {
    StringBuilder body = new StringBuilder(16 << 20).append("{\"events\":[{}");
    while (body.length() < (16 << 20) - 100) {
      body.append(",{}");
    }
    String flood = body.append("]}").toString();
    List<CompletableFuture<HttpResponse<String>>> floods = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      floods.add(
          HTTP.sendAsync(request("/api/event/bulk", flood), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(post("/api/event", goodEvent()).statusCode()).isEqualTo(202);
    for (CompletableFuture<HttpResponse<String>> answer : floods) {
      assertThat(answer.get().statusCode()).isEqualTo(400); // never a 5xx
    }
  }

  /** Six gRPC bulks of nearly 4 MB (gRPC's largest message) at once, beside a normal call. */
  private void floodWithMaximumGrpcMessages() throws Exception {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_PORT).usePlaintext().build();
    try {
      PublishBulkRequest.Builder bulk = PublishBulkRequest.newBuilder();
      for (int i = 0; i < 8_500; i++) {
        bulk.addEvents(
            Event.newBuilder()
                .setAppId("app-fuzz")
                .setMessageId("flood")
                .setEvent("x".repeat(400)) // longer than an event name may be
                .setCreatedAt(now.toString()));
      }
      PublishBulkRequest request = bulk.build();
      var stub = EventIngestGrpc.newFutureStub(channel);
      List<com.google.common.util.concurrent.ListenableFuture<PublishResponse>> floods =
          new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        floods.add(stub.publishBulk(request));
      }
      String messageId = "good-" + UUID.randomUUID();
      goodMessages.add(MessageKey.documentId("app-fuzz", messageId));
      assertThat(
              EventIngestGrpc.newBlockingStub(channel)
                  .publish(
                      Event.newBuilder()
                          .setAppId("app-fuzz")
                          .setMessageId(messageId)
                          .setEvent("MESSAGE_CREATED")
                          .setCreatedAt(Instant.now().toString())
                          .build())
                  .getAccepted())
          .isEqualTo(1);
      for (var flood : floods) {
        try {
          flood.get(60, TimeUnit.SECONDS);
          throw new AssertionError("a bulk of invalid events was accepted");
        } catch (java.util.concurrent.ExecutionException refused) {
          Status status = Status.fromThrowable(refused.getCause());
          assertThat(status.getCode())
              .as(status.toString())
              .isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Every record of the events topic but the job's heartbeats: in the dead-letter topic (by its
   * source), or readable by the job's own rules and then in its message's document.
   */
  private void everyRecordIsInItsDocumentOrADeadLetter() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> records = readAll(TOPIC);
    Map<String, String> deadLetters = new HashMap<>();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              deadLetters.clear();
              for (ConsumerRecord<byte[], byte[]> letter : readAll(TOPIC + ".dlq")) {
                deadLetters.put(
                    header(letter, DeadLetterTopic.SOURCE_HEADER),
                    header(letter, DeadLetterTopic.REASON_HEADER));
              }
              return deadLetters.size() >= records.stream().filter(r -> !indexable(r)).count();
            });
    assertThat(deadLetters.values()).allMatch(reason -> !reason.isBlank());
    System.out.printf(
        "Fuzz: %d records in the events topic, %d dead letters%n",
        records.size(), deadLetters.size());

    Map<String, List<MessageEvent>> expected = new HashMap<>();
    EventParser parser = new EventParser();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String source = record.topic() + "-" + record.partition() + "@" + record.offset();
      if (record.headers().lastHeader(Heartbeats.HEADER) != null
          || deadLetters.containsKey(source)) {
        continue;
      }
      MessageEvent event = parser.parse(record.value()); // throws for one that should be a letter
      expected
          .computeIfAbsent(
              MessageKey.documentId(event.getAppId(), event.getMessageId()),
              id -> new ArrayList<>())
          .add(event);
    }
    Map<String, JsonNode> documents =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () -> documentsById(expected.keySet()), found -> found.size() == expected.size());
    expected.forEach(
        (id, events) -> {
          Set<String> held =
              new HashSet<>(documents.get(id).get("events").findValuesAsText("event_id"));
          assertThat(held)
              .as(id)
              .containsAll(events.stream().map(MessageEvent::getEventId).toList());
        });
  }

  private static boolean indexable(ConsumerRecord<byte[], byte[]> record) {
    if (record.headers().lastHeader(Heartbeats.HEADER) != null) {
      return true;
    }
    try {
      new EventParser().parse(record.value());
      return true;
    } catch (EventParser.InvalidEventException e) {
      return false;
    }
  }

  private String goodEvent() {
    String messageId = "good-" + UUID.randomUUID();
    goodMessages.add(MessageKey.documentId("app-fuzz", messageId));
    return """
        {"app_id":"app-fuzz","message_id":"%s","event":"MESSAGE_CREATED","created_at":"%s"}"""
        .formatted(messageId, Instant.now());
  }

  /** An event object whose every field may be missing, of another type, or hostile. */
  private String hostileJson() {
    ObjectNode event = JSON.createObjectNode();
    maybePut(event, "app_id", pick(anyText));
    maybePut(event, "message_id", pick(names));
    maybePut(event, "event", pick(names));
    maybePut(event, "created_at", pick(times));
    if (random.nextInt(4) == 0) {
      maybePut(event, "event_id", pick(anyText));
    }
    if (random.nextInt(3) == 0) {
      ObjectNode attributes = event.putObject("attributes");
      for (int k = random.nextInt(60); k > 0; k--) {
        attributes.put(pick(anyText), pick(anyText));
      }
    }
    String json = event.toString();
    if (random.nextInt(10) == 0) { // deep nesting where an attribute's value should be
      int depth = 1 + random.nextInt(200);
      json =
          json.substring(0, json.length() - 1)
              + ",\"attributes\":{\"k\":"
              + "[".repeat(depth)
              + "]".repeat(depth)
              + "}}";
    }
    return json;
  }

  private void maybePut(ObjectNode event, String field, String value) {
    switch (random.nextInt(12)) {
      case 0 -> {} // missing
      case 1 -> event.put(field, random.nextLong()); // a number
      case 2 -> event.putNull(field);
      case 3 -> event.putObject(field).put("x", value); // an object
      default -> event.put(field, value);
    }
  }

  private String garbage() {
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * A value of {@code arbitrary}: jqwik's generators, outside a property, draw from the thread's
   * source of randomness, which {@link #seeded} fixed.
   */
  private static <T> T pick(Arbitrary<T> arbitrary) {
    return arbitrary.sample();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "fuzz-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var batch = consumer.poll(Duration.ofSeconds(1));
        if (batch.isEmpty() && !consumer.assignment().isEmpty()) {
          emptyPolls++;
        }
        batch.forEach(records::add);
      }
      return records;
    }
  }

  private static Map<String, JsonNode> documentsOf(Set<String> ids) throws Exception {
    return documentsById(ids);
  }

  private static Map<String, JsonNode> documentsById(Set<String> ids) throws Exception {
    Map<String, JsonNode> found = new HashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += 500) {
      ObjectNode query = JSON.createObjectNode();
      var values = query.putObject("query").putObject("ids").putArray("values");
      all.subList(from, Math.min(all.size(), from + 500)).forEach(values::add);
      query.put("size", 1_000);
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(ELASTICSEARCH.url() + "/" + INDEX + "/_search"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(query.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode hit : JSON.readTree(response.body()).path("hits").path("hits")) {
        found.put(hit.get("_id").asText(), hit.get("_source"));
      }
    }
    return found;
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(request(path, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String path, String body) {
    return HttpRequest.newBuilder(URI.create(ingest.url() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static Configuration noRestarts() {
    Configuration configuration = new Configuration();
    configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return configuration;
  }
}
