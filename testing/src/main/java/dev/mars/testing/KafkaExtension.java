package dev.mars.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Kafka broker (KRaft) for the tests, started with {@code
 * infra/bin/kafka-server}. Register it as a static field with {@code @RegisterExtension}: {@code
 * new KafkaExtension()} shares one broker across the test JVM; {@link #dedicated()} gives the test
 * class a broker of its own that it may stop and start again.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

  private final boolean dedicated;
  private Broker broker;

  public KafkaExtension() {
    this(false);
  }

  private KafkaExtension(boolean dedicated) {
    this.dedicated = dedicated;
  }

  /** A broker for this test class alone, which {@link #stopBroker()} may take down. */
  public static KafkaExtension dedicated() {
    return new KafkaExtension(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = dedicated ? Broker.start() : SharedServer.get(context, Broker.class, Broker::start);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dedicated && broker != null) {
      broker.close();
    }
  }

  /** The {@code bootstrap.servers} of the broker. */
  public String bootstrapServers() {
    return "127.0.0.1:" + broker().port;
  }

  /** Stops the broker, keeping its data, as a crash of Kafka would. */
  public void stopBroker() {
    dedicatedBroker().close();
  }

  /** Starts the stopped broker again on the same address and data. */
  public void startBroker() {
    dedicatedBroker().launch();
  }

  private Broker broker() {
    if (broker == null) {
      throw new IllegalStateException("KafkaExtension is not started: register it as static");
    }
    return broker;
  }

  private Broker dedicatedBroker() {
    if (!dedicated) {
      throw new IllegalStateException("only a dedicated() broker may be stopped and started");
    }
    return broker();
  }

  static final class Broker implements AutoCloseable {
    private final Path dir = Infra.workDir("mars-kafka");
    private final int port = Infra.freePort();
    private final int controllerPort = Infra.freePort();
    private ServerProcess process;

    static Broker start() {
      Broker broker = new Broker();
      broker.launch();
      return broker;
    }

    void launch() {
      ServerProcess started =
          ServerProcess.start(
              "kafka",
              dir,
              List.of(
                  Infra.script("kafka-server").toString(),
                  dir.resolve("state").toString(),
                  String.valueOf(port),
                  String.valueOf(controllerPort)));
      started.awaitReady(
          Duration.ofSeconds(90),
          () -> started.logContains("Kafka Server started") && accepts(port));
      process = started;
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
      if (process != null) {
        process.close();
      }
    }
  }
}
