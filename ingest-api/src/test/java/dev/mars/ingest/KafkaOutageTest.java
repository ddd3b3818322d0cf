package dev.mars.ingest;

import static dev.mars.ingest.Http.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.kafka.RefusalNotice;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Kafka down the API answers 503 within the send timeout and sheds load past its in-flight
 * cap; when Kafka is back every event it acknowledged is in Kafka, and so is a refusal notice
 * telling the job when clients were refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaOutageTest {

  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  private static final String TOPIC = "events-" + UUID.randomUUID();
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);

  /** The send timeout plus what a loaded 2-core machine may add; not a performance target. */
  private static final Duration ANSWER_BOUND = SEND_TIMEOUT.plusSeconds(3);

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> TOPIC);
    registry.add("mars.ingest.partitions", () -> 1);
    // The fixtures carry fixed dates (2026-11-23): a range that keeps them valid for years.
    registry.add("mars.ingest.created-at-range", () -> "36500d");
    registry.add("mars.ingest.send-timeout", () -> SEND_TIMEOUT.toMillis() + "ms");
    registry.add("mars.ingest.max-in-flight", () -> 2);
  }

  @LocalServerPort int port;
  @Autowired InFlightPermits inFlight;

  @Test
  void answers503FastWhileKafkaIsDownAndLosesNoAcknowledgedEvent() throws Exception {
    Http http = new Http(port);
    String messageId = UUID.randomUUID().toString();
    List<String> acknowledged = new ArrayList<>();
    int sent = 0;

    assertThat(http.postJson("/api/event", eventAt(messageId, sent)).statusCode()).isEqualTo(202);
    acknowledged.add(stage(sent++));

    KAFKA.stopBroker();

    long refusedFrom = System.currentTimeMillis();
    long start = System.nanoTime();
    HttpResponse<String> refused = http.postJson("/api/event", eventAt(messageId, sent++));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(took).isLessThan(ANSWER_BOUND);

    CompletableFuture<HttpResponse<String>> first =
        http.postJsonAsync("/api/event", eventAt(messageId, sent++));
    CompletableFuture<HttpResponse<String>> second =
        http.postJsonAsync("/api/event", eventAt(messageId, sent++));
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.inFlight() == 2);
    HttpResponse<String> shed = http.postJson("/api/event", eventAt(messageId, sent++));
    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(shed.body()).contains("in flight (limit 2)");
    assertThat(first.get().statusCode()).isEqualTo(503);
    assertThat(second.get().statusCode()).isEqualTo(503);

    KAFKA.startBroker();

    int index = sent++;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> http.postJson("/api/event", eventAt(messageId, index)).statusCode() == 202);
    acknowledged.add(stage(index));

    List<String> inKafka =
        TopicContents.recordsWithKey(KAFKA.bootstrapServers(), TOPIC, messageId).stream()
            .map(ConsumerRecord::value)
            .map(value -> JsonMapper.builder().build().readTree(value).get("event").asString())
            .toList();
    assertThat(inKafka).containsAll(acknowledged);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TopicContents.records(KAFKA.bootstrapServers(), TOPIC).stream()
                    .filter(record -> record.headers().lastHeader(RefusalNotice.HEADER) != null)
                    .anyMatch(
                        notice ->
                            RefusalNotice.refusedAt(
                                    notice.value().getBytes(StandardCharsets.US_ASCII))
                                >= refusedFrom));
  }

  private static String stage(int i) {
    return "STAGE_" + i;
  }

  private static String eventAt(String messageId, int i) {
    return event("app-00", messageId, stage(i), "2026-11-23T10:00:0" + (i % 10) + "Z");
  }
}
