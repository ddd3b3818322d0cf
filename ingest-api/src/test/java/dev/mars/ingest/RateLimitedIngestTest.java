package dev.mars.ingest;

import static dev.mars.ingest.Http.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With a per-client rate limit, a client past it gets 429 with Retry-After; others do not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitedIngestTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> "events-" + UUID.randomUUID());
    registry.add("mars.ingest.partitions", () -> 1);
    // The fixtures carry fixed dates (2026-11-23): a range that keeps them valid for years.
    registry.add("mars.ingest.created-at-range", () -> "36500d");
    registry.add("mars.ingest.rate-limit-per-client", () -> "0.5");
  }

  @LocalServerPort int port;

  @Test
  void answers429WithRetryAfterPastTheLimitOfOneClientOnly() throws Exception {
    Http http = new Http(port);
    String body = event("app-00", UUID.randomUUID().toString(), "E", "2026-11-23T10:00:00Z");

    assertThat(send(http, "client-a", body).statusCode()).isEqualTo(202);
    HttpResponse<String> limited = send(http, "client-a", body);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After"))
        .hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
    assertThat(limited.body()).contains("rate limit of 0.5 requests per second");

    assertThat(send(http, "client-b", body).statusCode()).isEqualTo(202);
  }

  private static HttpResponse<String> send(Http http, String apiKey, String body) throws Exception {
    return http.send(
        http.request("/api/event")
            .header("Content-Type", "application/json")
            .header(dev.mars.ingest.access.ApiKeyFilter.API_KEY_HEADER, apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
