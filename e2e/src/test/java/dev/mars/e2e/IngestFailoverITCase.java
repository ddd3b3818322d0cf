package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TopicContents;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two ingest instances (their jars) on one Kafka; a client that fails over: one instance killed
 * with {@code kill -9} mid-stream, the client retries what it did not get answered on the other,
 * and every event either instance acknowledged is in Kafka, none lost.
 */
class IngestFailoverITCase {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void aClientRetriesOnTheOtherInstanceAndNothingAcknowledgedIsLost() throws Exception {
    String topic = "events-" + UUID.randomUUID();
    List<String> args =
        List.of(
            "--mars.ingest.bootstrap-servers=" + KAFKA.bootstrapServers(),
            "--mars.ingest.topic=" + topic,
            "--mars.ingest.partitions=2",
            "--spring.grpc.server.port=0");
    try (ServiceJar first =
            ServiceJar.start("ingest-a", "mars.ingest.jar", args.toArray(String[]::new));
        ServiceJar second =
            ServiceJar.start("ingest-b", "mars.ingest.jar", args.toArray(String[]::new))) {
      List<ServiceJar> instances = List.of(first, second);
      List<String> acknowledged = new ArrayList<>();
      int failovers = 0;
      for (int n = 0; n < 400; n++) {
        if (n == 200) {
          first.kill();
        }
        String messageId = "m-" + n;
        boolean answered = false;
        for (int attempt = 0; attempt < 4 && !answered; attempt++) {
          ServiceJar instance = instances.get((n + attempt) % 2); // round robin, then the other
          try {
            answered = post(instance, messageId) == 202;
          } catch (IOException refused) {
            failovers++;
          }
        }
        assertThat(answered).as(messageId + " acknowledged by one of the two").isTrue();
        acknowledged.add(messageId);
      }

      List<String> written =
          TopicContents.records(KAFKA.bootstrapServers(), topic).stream()
              .map(record -> record.key())
              .toList();
      assertThat(failovers).isPositive();
      assertThat(written).containsAll(acknowledged);
    }
  }

  private static int post(ServiceJar ingest, String messageId)
      throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(ingest.url() + "/api/event"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        {"app_id":"app-00","message_id":"%s","event":"MESSAGE_CREATED",\
                        "created_at":"%s"}"""
                            .formatted(messageId, Instant.now())))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
