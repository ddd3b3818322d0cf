package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mars.grpc.marsweb.EventRequest;
import dev.mars.grpc.marsweb.EventResponse;
import dev.mars.grpc.marsweb.MarsGrpcGrpc;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.TestCertificates;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Ingest over TLS, configured the Spring Boot way (an SSL bundle for HTTP and gRPC): clients that
 * trust the certificate write; a plaintext client gets nothing in.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.grpc.server.port=0",
      "server.ssl.bundle=mars",
      "spring.grpc.server.ssl.bundle=mars"
    })
class IngestTlsTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final TestCertificates TLS = TestCertificates.create("ingest");

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> "events-" + UUID.randomUUID());
    registry.add("mars.ingest.partitions", () -> 1);
    registry.add("spring.ssl.bundle.jks.mars.keystore.location", () -> "file:" + TLS.keyStore());
    registry.add("spring.ssl.bundle.jks.mars.keystore.password", TLS::password);
    registry.add("spring.ssl.bundle.jks.mars.keystore.type", () -> "PKCS12");
  }

  @LocalServerPort int httpPort;
  @LocalGrpcServerPort int grpcPort;

  @Test
  void httpsClientsWriteAndPlaintextIsRefused() throws Exception {
    HttpClient trusting = HttpClient.newBuilder().sslContext(TLS.clientContext()).build();
    HttpResponse<String> accepted =
        trusting.send(post("https://localhost:" + httpPort), HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);

    HttpResponse<String> plaintext =
        HttpClient.newHttpClient()
            .send(post("http://127.0.0.1:" + httpPort), HttpResponse.BodyHandlers.ofString());
    assertThat(plaintext.statusCode()).isEqualTo(400); // Tomcat: "this is an HTTPS port"

    assertThat(
            catchThrowableOfType(
                SSLHandshakeException.class,
                () ->
                    HttpClient.newHttpClient()
                        .send(
                            post("https://localhost:" + httpPort),
                            HttpResponse.BodyHandlers.ofString())))
        .isNotNull(); // an untrusted certificate: the JDK's default trust refuses it
  }

  @Test
  void grpcClientsWriteOverTls() throws Exception {
    ManagedChannel tls =
        Grpc.newChannelBuilder(
                "localhost:" + grpcPort,
                TlsChannelCredentials.newBuilder()
                    .trustManager(TLS.trustManagers().getTrustManagers())
                    .build())
            .build();
    ManagedChannel plaintext =
        Grpc.newChannelBuilder("127.0.0.1:" + grpcPort, InsecureChannelCredentials.create())
            .build();
    try {
      EventResponse response = MarsGrpcGrpc.newBlockingStub(tls).collectEvent(event());
      assertThat(response.getSuccess()).isTrue();
      assertThat(
              catchThrowableOfType(
                  StatusRuntimeException.class,
                  () ->
                      MarsGrpcGrpc.newBlockingStub(plaintext)
                          .withDeadlineAfter(10, TimeUnit.SECONDS)
                          .collectEvent(event())))
          .isNotNull();
    } finally {
      tls.shutdownNow();
      plaintext.shutdownNow();
    }
  }

  private static EventRequest event() {
    return EventRequest.newBuilder()
        .setAppId("app-a")
        .setMessageId(UUID.randomUUID().toString())
        .setEvent("MESSAGE_CREATED")
        .setCreatedAt(Instant.now().toString())
        .build();
  }

  private static HttpRequest post(String base) {
    return HttpRequest.newBuilder(URI.create(base + "/api/event"))
        .header("Content-Type", "application/json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                Http.event(
                    "app-a",
                    UUID.randomUUID().toString(),
                    "MESSAGE_CREATED",
                    Instant.now().toString())))
        .build();
  }
}
