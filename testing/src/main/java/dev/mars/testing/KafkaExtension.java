package dev.mars.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real Kafka brokers (KRaft) for the tests, started with {@code infra/bin/kafka-server}. Register
 * it as a static field with {@code @RegisterExtension}: {@code new KafkaExtension()} shares one
 * broker across the test JVM; {@link #dedicated()} gives the test class a broker of its own that it
 * may stop, kill and start again; {@link #cluster(int)} several, replicating; {@link #secured()}
 * one with a SASL_SSL listener.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

  /** The SASL/PLAIN login of a secured broker's clients. */
  public static final String SASL_USER = "mars";

  private static final String SASL_PASSWORD = "mars-secret";

  private final boolean dedicated;
  private final boolean secured;
  private final int size;
  private List<Broker> brokers;
  private DockerServers.Kafka docker;

  public KafkaExtension() {
    this(false, false, 1);
  }

  private KafkaExtension(boolean dedicated, boolean secured, int size) {
    this.dedicated = dedicated;
    this.secured = secured;
    this.size = size;
  }

  /** A broker for this test class alone, which {@link #stopBroker()} may take down. */
  public static KafkaExtension dedicated() {
    return new KafkaExtension(true, false, 1);
  }

  /**
   * A cluster of {@code size} brokers (each also a controller) for this test class alone, Kafka's
   * own topics replicated to all of them (min.insync.replicas 2 from three brokers).
   */
  public static KafkaExtension cluster(int size) {
    return new KafkaExtension(true, false, size);
  }

  /**
   * A broker of this test class's own with a SASL_SSL listener besides: TLS with a keytool
   * certificate, SASL/PLAIN logins (see {@link #secureBootstrapServers()}, {@link
   * #secureClientProperties()}).
   */
  public static KafkaExtension secured() {
    return new KafkaExtension(true, true, 1);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!dedicated && DockerServers.enabled()) {
      docker = SharedServer.get(context, DockerServers.Kafka.class, DockerServers.Kafka::start);
      return;
    }
    if (!dedicated) {
      brokers = List.of(SharedServer.get(context, Broker.class, Broker::single));
      return;
    }
    brokers = Broker.cluster(size, secured ? TestCertificates.create("kafka") : null);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (dedicated && brokers != null) {
      brokers.forEach(Broker::close);
    }
  }

  /** The {@code bootstrap.servers} of the broker (all of them, in a cluster). */
  public String bootstrapServers() {
    if (docker != null) {
      return docker.bootstrapServers();
    }
    return brokers().stream().map(b -> "127.0.0.1:" + b.port).collect(Collectors.joining(","));
  }

  /** The {@code bootstrap.servers} of a secured broker's SASL_SSL listener. */
  public String secureBootstrapServers() {
    return "127.0.0.1:" + securedBroker().securePort;
  }

  /** What a Kafka client needs to use the SASL_SSL listener, as a client properties file says. */
  public Map<String, String> secureClientProperties() {
    TestCertificates tls = securedBroker().tls;
    return Map.of(
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

  /** Stops the broker, keeping its data, as a shutdown of Kafka would. */
  public void stopBroker() {
    dedicatedBroker(0).close();
  }

  /** Kills the broker with {@code kill -9}, as a crash of its machine would. */
  public void killBroker() {
    killBroker(0);
  }

  /** Kills broker {@code index} (from 0) of the cluster with {@code kill -9}. */
  public void killBroker(int index) {
    dedicatedBroker(index).kill();
  }

  /** Starts the stopped broker again on the same address and data. */
  public void startBroker() {
    startBroker(0);
  }

  /** Starts broker {@code index} of the cluster again on the same address and data. */
  public void startBroker(int index) {
    Broker broker = dedicatedBroker(index);
    broker.launch();
    broker.awaitStarted();
  }

  private List<Broker> brokers() {
    if (brokers == null) {
      throw new IllegalStateException("KafkaExtension is not started: register it as static");
    }
    return brokers;
  }

  private Broker securedBroker() {
    if (!secured) {
      throw new IllegalStateException("only a secured() broker has a SASL_SSL listener");
    }
    return brokers().get(0);
  }

  private Broker dedicatedBroker(int index) {
    if (!dedicated) {
      throw new IllegalStateException("only a dedicated() broker may be stopped and started");
    }
    return brokers().get(index);
  }

  static final class Broker implements AutoCloseable {
    private final Path dir;
    private final int port = Infra.freePort();
    private final int controllerPort = Infra.freePort();
    private final int securePort = Infra.freePort();
    private final TestCertificates tls;
    private final Map<String, String> environment = new HashMap<>();
    private ServerProcess process;

    private Broker(int nodeId, TestCertificates tls) {
      this.dir = Infra.workDir("mars-kafka-" + nodeId);
      this.tls = tls;
      environment.put("KAFKA_NODE_ID", String.valueOf(nodeId));
      if (tls != null) {
        environment.put("KAFKA_SASL_SSL_PORT", String.valueOf(securePort));
        environment.put("KAFKA_SSL_KEYSTORE", tls.keyStore().toString());
        environment.put("KAFKA_SSL_PASSWORD", tls.password());
        environment.put("KAFKA_SASL_USERS", SASL_USER + "=" + SASL_PASSWORD);
      }
    }

    static Broker single() {
      return cluster(1, null).get(0);
    }

    /** Starts every broker first, then waits: a controller quorum needs its voters up. */
    static List<Broker> cluster(int size, TestCertificates tls) {
      List<Broker> brokers = new ArrayList<>();
      for (int node = 1; node <= size; node++) {
        brokers.add(new Broker(node, tls));
      }
      String voters =
          brokers.stream()
              .map(b -> b.environment.get("KAFKA_NODE_ID") + "@127.0.0.1:" + b.controllerPort)
              .collect(Collectors.joining(","));
      String clusterId = Uuid.randomUuid().toString();
      for (Broker broker : brokers) {
        broker.environment.put("KAFKA_VOTERS", voters);
        broker.environment.put("KAFKA_CLUSTER_ID", clusterId);
        broker.environment.put("KAFKA_REPLICATION", String.valueOf(size));
        broker.launch();
      }
      brokers.forEach(Broker::awaitStarted);
      return brokers;
    }

    void launch() {
      process =
          ServerProcess.start(
              "kafka",
              dir,
              List.of(
                  Infra.script("kafka-server").toString(),
                  dir.resolve("state").toString(),
                  String.valueOf(port),
                  String.valueOf(controllerPort)),
              environment);
    }

    /** Waits for this start (each start writes its log afresh). */
    void awaitStarted() {
      ServerProcess started = process;
      started.awaitReady(
          Duration.ofSeconds(90),
          () ->
              started.logContains("Kafka Server started")
                  && accepts(port)
                  && (tls == null || accepts(securePort)));
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
