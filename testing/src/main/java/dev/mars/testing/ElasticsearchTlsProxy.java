package dev.mars.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Stands in for Elasticsearch's security module, which the minimal distribution here lacks: HTTPS
 * with a keytool certificate and HTTP Basic for one user in front of a real node, answering 401
 * with a Basic challenge as Elasticsearch does. What reaches the node was encrypted and logged in.
 */
public final class ElasticsearchTlsProxy implements AutoCloseable {

  public static final String USER = "mars_writer";

  private final HttpsServer server;
  private final String upstream;
  private final String expected;
  private final TestCertificates tls;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();

  private ElasticsearchTlsProxy(String upstream, String password, TestCertificates tls)
      throws Exception {
    this.upstream = upstream;
    this.tls = tls;
    this.expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext(tls)));
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a proxy to the Elasticsearch at {@code upstream} for {@link #USER} and password. */
  public static ElasticsearchTlsProxy start(String upstream, String password) {
    try {
      return new ElasticsearchTlsProxy(upstream, password, TestCertificates.create("es-proxy"));
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Elasticsearch TLS proxy", e);
    }
  }

  /** The HTTPS URL clients use. */
  public String url() {
    return "https://localhost:" + server.getAddress().getPort();
  }

  /** The certificate clients must trust. */
  public TestCertificates certificates() {
    return tls;
  }

  /** Requests refused for want of the right credentials. */
  public long refused() {
    return refused.get();
  }

  /** Requests that reached Elasticsearch. */
  public long forwarded() {
    return forwarded.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      forwarded.incrementAndGet();
      response
          .headers()
          .firstValue("Content-Type")
          .ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
      boolean head = exchange.getRequestMethod().equals("HEAD");
      byte[] answer = response.body();
      exchange.sendResponseHeaders(
          response.statusCode(), head || answer.length == 0 ? -1 : answer.length);
      if (!head && answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static SSLContext serverContext(TestCertificates tls) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(tls.keyStore())) {
      keys.load(in, tls.password().toCharArray());
    }
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, tls.password().toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(factory.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
