package dev.mars.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.testing.KafkaExtension;
import dev.mars.testing.Listeners;
import java.net.InetAddress;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.grpc.test.autoconfigure.LocalGrpcServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** As it ships, ingest listens on this machine only: HTTP and gRPC. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.grpc.server.port=0")
class LoopbackOnlyTest {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("mars.ingest.bootstrap-servers", KAFKA::bootstrapServers);
    registry.add("mars.ingest.topic", () -> "events-" + UUID.randomUUID());
    registry.add("mars.ingest.partitions", () -> 1);
  }

  @LocalServerPort int httpPort;
  @LocalGrpcServerPort int grpcPort;

  @Test
  void listensOnLoopbackOnly() {
    assertThat(Listeners.on(httpPort)).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    assertThat(Listeners.on(grpcPort)).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
  }
}
