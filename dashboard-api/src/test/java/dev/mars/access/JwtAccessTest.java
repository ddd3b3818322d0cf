package dev.mars.access;

import static dev.mars.MessageIndex.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.mars.MessageIndex;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import dev.mars.testing.StompSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * With an identity provider instead of a users file: bearer JWTs signed by its key, the apps in the
 * {@code mars_apps} claim, over HTTP and STOMP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtAccessTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final KeyPair PROVIDER = rsa();
  private static final String ID = "jwt-" + UUID.randomUUID();
  private static MessageIndex index;

  @DynamicPropertySource
  static void parts(DynamicPropertyRegistry registry) throws Exception {
    Path key = Files.createTempFile("mars-jwt", ".pem");
    key.toFile().deleteOnExit();
    Files.writeString(
        key,
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(PROVIDER.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + key);
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
  }

  @BeforeAll
  static void data() {
    index = MessageIndex.create(ELASTICSEARCH.url());
    Instant now = Instant.now();
    index.put(
        message("app-a", ID).event("MESSAGE_CREATED", now),
        message("app-b", ID).event("MESSAGE_CREATED", now));
  }

  @LocalServerPort int port;

  @Test
  void aTokenSeesTheAppsItsClaimGrants() throws Exception {
    HttpResponse<String> found = search(token(PROVIDER, List.of("app-a")));

    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(
            JsonMapper.builder()
                .build()
                .readTree(found.body())
                .path("hits")
                .findValuesAsString("app_id"))
        .containsExactly("app-a");
    assertThat(search(null).statusCode()).isEqualTo(401);
    assertThat(search(token(rsa(), List.of("app-a"))).statusCode()).isEqualTo(401);
  }

  @Test
  void aTokenOpensTheLiveFeed() throws Exception {
    String url = "ws://127.0.0.1:" + port + "/ws";
    try (StompSubscriber erin =
        StompSubscriber.connect(
            url, Map.of("Authorization", "Bearer " + token(PROVIDER, List.of("app-a"))))) {
      erin.subscribe("/topic/alerts");
    }
    assertThat(
            StompSubscriber.refusedConnection(
                url, "erin", token(rsa(), List.of("app-a")), Duration.ofSeconds(20)))
        .contains("refused");
  }

  private HttpResponse<String> search(String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/messages?q=message_id:" + ID));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(KeyPair signer, List<String> apps) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.RS256),
            new JWTClaimsSet.Builder()
                .subject("erin")
                .claim("mars_apps", apps)
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
    jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
    return jwt.serialize();
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
