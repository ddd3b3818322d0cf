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
  private DockerServers.Elasticsearch docker;

  @Override
  public void beforeAll(ExtensionContext context) {
    if (DockerServers.enabled()) {
      docker =
          SharedServer.get(
              context, DockerServers.Elasticsearch.class, DockerServers.Elasticsearch::start);
      return;
    }
    node = SharedServer.get(context, Node.class, Node::start);
  }

  /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    if (docker != null) {
      return docker.url();
    }
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

  /**
   * A cluster of {@code size} nodes of its own (every node master-eligible, on loopback), started
   * together and green-or-yellow before this returns; the test closes them.
   */
  public static List<Node> cluster(int size) {
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {Infra.freePort(), Infra.freePort()});
    }
    String seeds = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p[1]).toList());
    String masters =
        String.join(
            ",",
            java.util.stream.IntStream.rangeClosed(1, size).mapToObj(n -> "node-" + n).toList());
    String name = "mars-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(
          Node.launch(
              ports.get(i)[0],
              ports.get(i)[1],
              // Replicas go where the test puts them, however full this machine's disk: above
              // the 85 % watermark none was allocated, and a killed node took shards with it.
              List.of("cluster.routing.allocation.disk.threshold_enabled=false"),
              java.util.Map.of(
                  "ES_SEED_HOSTS", seeds,
                  "ES_INITIAL_MASTERS", masters,
                  "ES_NODE_NAME", "node-" + (i + 1),
                  "ES_CLUSTER_NAME", name)));
    }
    nodes.forEach(Node::awaitHealthy);
    return nodes;
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
      Node node = launch(Infra.freePort(), Infra.freePort(), settings, java.util.Map.of());
      node.awaitHealthy();
      return node;
    }

    static Node launch(
        int httpPort,
        int transportPort,
        List<String> settings,
        java.util.Map<String, String> environment) {
      Path dir = Infra.workDir("mars-elasticsearch");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Infra.script("elasticsearch-server").toString(),
                  dir.resolve("state").toString(),
                  String.valueOf(httpPort),
                  String.valueOf(transportPort)));
      settings.forEach(setting -> command.addAll(List.of("-E", setting)));
      return new Node(ServerProcess.start("elasticsearch", dir, command, environment), httpPort);
    }

    void awaitHealthy() {
      process.awaitReady(Duration.ofSeconds(180), () -> healthy(httpPort));
    }

    /** Kills the node with {@code kill -9}. */
    public void kill() {
      process.kill();
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
