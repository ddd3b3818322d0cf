package dev.mars.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.MessageIndex;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dashboard over HTTPS (a Spring Boot SSL bundle), users on: credentials travel encrypted. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.ssl.bundle=mars")
class DashboardTlsTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final TestCertificates TLS = TestCertificates.create("dashboard");
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) {
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
    registry.add("mars.access.users", Users::lines);
    registry.add("spring.ssl.bundle.jks.mars.keystore.location", () -> "file:" + TLS.keyStore());
    registry.add("spring.ssl.bundle.jks.mars.keystore.password", TLS::password);
    registry.add("spring.ssl.bundle.jks.mars.keystore.type", () -> "PKCS12");
  }

  @BeforeAll
  static void createIndex() {
    index = MessageIndex.create(ELASTICSEARCH.url());
  }

  @LocalServerPort int port;

  @Test
  void servesHttpsOnly() throws Exception {
    HttpRequest search =
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/messages"))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("alice:" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpClient trusting = HttpClient.newBuilder().sslContext(TLS.clientContext()).build();

    assertThat(trusting.send(search, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    assertThat(
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(400);
  }
}
