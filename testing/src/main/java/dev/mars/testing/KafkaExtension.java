package dev.mars.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka broker (KRaft) for the tests, started once per JVM with {@code
 * infra/bin/kafka-server}. Register it as a static field with {@code @RegisterExtension}.
 */
public final class KafkaExtension implements BeforeAllCallback {

  private Broker broker;

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = SharedServer.get(context, Broker.class, Broker::start);
  }

  /** The {@code bootstrap.servers} of the broker. */
  public String bootstrapServers() {
    if (broker == null) {
      throw new IllegalStateException("KafkaExtension is not started: register it as static");
    }
    return "127.0.0.1:" + broker.port;
  }

  static final class Broker implements AutoCloseable {
    private final ServerProcess process;
    private final int port;

    private Broker(ServerProcess process, int port) {
      this.process = process;
      this.port = port;
    }

    static Broker start() {
      Path dir = Infra.workDir("mars-kafka");
      int port = Infra.freePort();
      int controllerPort = Infra.freePort();
      ServerProcess process =
          ServerProcess.start(
              "kafka",
              dir,
              List.of(
                  Infra.script("kafka-server").toString(),
                  dir.resolve("state").toString(),
                  String.valueOf(port),
                  String.valueOf(controllerPort)));
      process.awaitReady(
          Duration.ofSeconds(90),
          () -> process.logContains("Kafka Server started") && accepts(port));
      return new Broker(process, port);
    }

    private static boolean accepts(int port) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    @Override
    public void close() {
      process.close();
    }
  }
}
