package dev.mars.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Elasticsearch for the tests, started once per JVM with {@code
 * infra/bin/elasticsearch-server}. Register it as a static field with {@code @RegisterExtension}.
 * Tests use an index of their own; nothing is wiped between them.
 */
public final class ElasticsearchExtension implements BeforeAllCallback {

  private Node node;

  @Override
  public void beforeAll(ExtensionContext context) {
    node = SharedServer.get(context, Node.class, Node::start);
  }

  /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    if (node == null) {
      throw new IllegalStateException(
          "ElasticsearchExtension is not started: register it as static");
    }
    return "http://127.0.0.1:" + node.httpPort;
  }

  /**
   * A node of its own, with extra settings ({@code thread_pool.write.queue_size=1}), for a test
   * that changes how Elasticsearch behaves; the test closes it.
   */
  public static Node dedicated(String... settings) {
    return Node.start(List.of(settings));
  }

  /** A running node. */
  public static final class Node implements AutoCloseable {
    private static final HttpClient HTTP =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServerProcess process;
    private final int httpPort;

    private Node(ServerProcess process, int httpPort) {
      this.process = process;
      this.httpPort = httpPort;
    }

    static Node start() {
      return start(List.of());
    }

    static Node start(List<String> settings) {
      Path dir = Infra.workDir("mars-elasticsearch");
      int httpPort = Infra.freePort();
      int transportPort = Infra.freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  Infra.script("elasticsearch-server").toString(),
                  dir.resolve("state").toString(),
                  String.valueOf(httpPort),
                  String.valueOf(transportPort)));
      settings.forEach(setting -> command.addAll(List.of("-E", setting)));
      ServerProcess process = ServerProcess.start("elasticsearch", dir, command);
      process.awaitReady(Duration.ofSeconds(180), () -> healthy(httpPort));
      return new Node(process, httpPort);
    }

    private static boolean healthy(int port) {
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(3))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    public String url() {
      return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
