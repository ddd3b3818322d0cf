package dev.mars.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

  @Test
  void theFileSecuresTheClientButDoesNotRedirectIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        """
        # as for kafka-console-producer --command-config
        security.protocol=SASL_SSL
        sasl.mechanism=PLAIN
        bootstrap.servers=elsewhere:9092
        acks=0
        """);

    KafkaConnection connection = KafkaConnection.of("127.0.0.1:9093", file.toString());
    Map<String, Object> config = connection.config(Map.of("acks", "all"));

    assertThat(config)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("bootstrap.servers", "127.0.0.1:9093")
        .containsEntry("acks", "all");
    assertThat(connection.securityProtocol()).isEqualTo("SASL_SSL");
  }

  @Test
  void noFileIsPlaintext() {
    assertThat(KafkaConnection.of("127.0.0.1:9092", "").properties())
        .containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void anUnreadableFileIsNamed() {
    assertThatThrownBy(() -> KafkaConnection.of("127.0.0.1:9092", "/no/such/client.properties"))
        .hasMessageContaining("/no/such/client.properties");
  }
}
