package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mars.ingest.access.ExposedWithoutAccessControl;
import dev.mars.testing.KafkaExtension;
import dev.mars.testing.Listeners;
import java.net.InetAddress;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Ingest refuses to listen beyond loopback unless writes need a key. */
class ExposureGuardTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void refusesEveryInterfaceWithoutKeys() {
    for (String[] listener :
        new String[][] {
          {"server.address=0.0.0.0", "HTTP on 0.0.0.0"},
          {"spring.grpc.server.address=", "gRPC on *"},
        }) {
      Throwable failure = catchThrowable(() -> start(listener[0]).close());

      assertThat(failure).hasRootCauseInstanceOf(ExposedWithoutAccessControl.class);
      assertThat(failure).rootCause().hasMessageContaining(listener[1]);
    }
  }

  @Test
  void listensOnEveryInterfaceOnceKeysAreSet() {
    try (ConfigurableApplicationContext context =
        start(
            "server.address=0.0.0.0", "mars.ingest.keys=ops sha256:" + "0".repeat(64) + " app-a")) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();

      assertThat(Listeners.on(port)).isNotEmpty().allMatch(InetAddress::isAnyLocalAddress);
    }
  }

  private static ConfigurableApplicationContext start(String... properties) {
    // Arguments, because they outrank application.properties as an operator's settings do.
    Stream<String> common =
        Stream.of(
            "server.port=0",
            "spring.grpc.server.port=0",
            "mars.ingest.bootstrap-servers=" + KAFKA.bootstrapServers(),
            "mars.ingest.topic=events-" + UUID.randomUUID(),
            "mars.ingest.partitions=1");
    return new SpringApplicationBuilder(IngestApplication.class)
        .run(
            Stream.concat(common, Stream.of(properties)).map(p -> "--" + p).toArray(String[]::new));
  }
}
