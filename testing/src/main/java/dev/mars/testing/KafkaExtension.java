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

  /** The SASL/PLAIN login of a secured broker's clients. */
  public static final String SASL_USER = "mars";

  private static final String SASL_PASSWORD = "mars-secret";

  private final boolean dedicated;
  private final boolean secured;
  private Broker broker;

  public KafkaExtension() {
    this(false, false);
  }

  private KafkaExtension(boolean dedicated, boolean secured) {
    this.dedicated = dedicated;
    this.secured = secured;
  }

  /** A broker for this test class alone, which {@link #stopBroker()} may take down. */
  public static KafkaExtension dedicated() {
    return new KafkaExtension(true, false);
  }

  /**
   * A broker of this test class's own with a SASL_SSL listener besides: TLS with a keytool
   * certificate, SASL/PLAIN logins (see {@link #secureBootstrapServers()}, {@link
   * #secureClientProperties()}).
   */
  public static KafkaExtension secured() {
    return new KafkaExtension(true, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    broker =
        dedicated
            ? Broker.start(secured ? TestCertificates.create("kafka") : null)
            : SharedServer.get(context, Broker.class, () -> Broker.start(null));
  }

  /** The {@code bootstrap.servers} of a secured broker's SASL_SSL listener. */
  public String secureBootstrapServers() {
    return "127.0.0.1:" + securedBroker().securePort;
  }

  /** What a Kafka client needs to use the SASL_SSL listener, as a client properties file says. */
  public java.util.Map<String, String> secureClientProperties() {
    TestCertificates tls = securedBroker().tls;
    return java.util.Map.of(
        "security.protocol",
        "SASL_SSL",
        "sasl.mechanism",
        "PLAIN",
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + SASL_USER
            + "\" password=\""
            + SASL_PASSWORD
            + "\";",
        "ssl.truststore.location",
        tls.trustStore().toString(),
        "ssl.truststore.password",
        tls.password(),
        "ssl.truststore.type",
        "PKCS12");
  }

  private Broker securedBroker() {
    if (!secured) {
      throw new IllegalStateException("only a secured() broker has a SASL_SSL listener");
    }
    return broker();
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

  /** Kills the broker with {@code kill -9}, as a crash of its machine would. */
  public void killBroker() {
    dedicatedBroker().kill();
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
    private final int securePort = Infra.freePort();
    private final TestCertificates tls;
    private ServerProcess process;

    private Broker(TestCertificates tls) {
      this.tls = tls;
    }

    static Broker start(TestCertificates tls) {
      Broker broker = new Broker(tls);
      broker.launch();
      return broker;
    }

    void launch() {
      java.util.Map<String, String> environment =
          tls == null
              ? java.util.Map.of()
              : java.util.Map.of(
                  "KAFKA_SASL_SSL_PORT", String.valueOf(securePort),
                  "KAFKA_SSL_KEYSTORE", tls.keyStore().toString(),
                  "KAFKA_SSL_PASSWORD", tls.password(),
                  "KAFKA_SASL_USERS", SASL_USER + "=" + SASL_PASSWORD);
      ServerProcess started =
          ServerProcess.start(
              "kafka",
              dir,
              List.of(
                  Infra.script("kafka-server").toString(),
                  dir.resolve("state").toString(),
                  String.valueOf(port),
                  String.valueOf(controllerPort)),
              environment);
      started.awaitReady(
          Duration.ofSeconds(90),
          () ->
              started.logContains("Kafka Server started")
                  && accepts(port)
                  && (tls == null || accepts(securePort)));
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

    void kill() {
      if (process != null) {
        process.kill();
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
