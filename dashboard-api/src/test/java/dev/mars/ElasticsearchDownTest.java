package dev.mars;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.Infra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With Elasticsearch unreachable the APIs answer 503 with Retry-After, fast, never 500. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ElasticsearchDownTest {

  @DynamicPropertySource
  static void nowhere(DynamicPropertyRegistry registry) {
    // A port nothing listens on: connections are refused at once.
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
    registry.add("mars.search.hosts", () -> "http://127.0.0.1:" + Infra.freePort());
  }

  @LocalServerPort int port;

  @Test
  void answers503WithRetryAfter() throws Exception {
    for (String path :
        new String[] {
          "/api/messages/m-1", "/api/messages?q=app_id:a", "/api/counters/signups", "/status"
        }) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(path).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(response.body()).containsAnyOf("Elasticsearch is not available", "unavailable");
    }
  }
}
