package dev.mars.ingest;

import static dev.mars.ingest.Http.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mars.testing.KafkaExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The request bodies read at once stay within their budget: past it, 503 at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BodyBytesInFlightTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> "events-" + UUID.randomUUID());
    registry.add("mars.ingest.partitions", () -> 1);
    registry.add("mars.ingest.max-body-size", () -> "1MB");
    registry.add("mars.ingest.max-body-bytes-in-flight", () -> "1MB");
  }

  @LocalServerPort int port;

  @Test
  void refusesABodyWhileOthersBeingReadHoldTheBudget() throws Exception {
    Http http = new Http(port);
    String normal = event("app-00", "m-" + UUID.randomUUID(), "E", Instant.now().toString());
    try (Socket slowClient = new Socket("127.0.0.1", port)) {
      // A body of unknown length (chunked) holds the largest body allowed while it is read.
      OutputStream out = slowClient.getOutputStream();
      out.write(
          ("POST /api/event HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"app\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();

      HttpResponse<String> refused =
          await().until(() -> http.postJson("/api/event", normal), r -> r.statusCode() == 503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.body()).contains("request bodies");

      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // the body ends, unfinished
      out.flush();
      assertThat(statusLine(slowClient.getInputStream())).contains(" 400 ");
    }
    // Its share is given back once its request has ended, just after its answer was written.
    await().until(() -> http.postJson("/api/event", normal).statusCode(), status -> status == 202);
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      line.append((char) c);
    }
    return line.toString();
  }
}
