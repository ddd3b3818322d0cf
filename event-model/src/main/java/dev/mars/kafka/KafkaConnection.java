package dev.mars.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every Mars part reaches Kafka: the bootstrap servers, and the client properties of a client
 * configuration file (the kind Kafka's own tools take with {@code --command-config}): {@code
 * security.protocol}, {@code ssl.*}, {@code sasl.*}. Each client adds its own settings over them;
 * the file cannot change what Mars sets itself.
 */
public final class KafkaConnection implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;
  private final TreeMap<String, String> client;

  private KafkaConnection(String bootstrapServers, Map<String, String> client) {
    this.bootstrapServers = bootstrapServers;
    this.client = new TreeMap<>(client);
  }

  /** Plaintext, as the local stack runs. */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  public static KafkaConnection of(String bootstrapServers, Map<String, String> client) {
    return new KafkaConnection(bootstrapServers, client);
  }

  /** Reads the client configuration file at {@code path}; none when blank. */
  public static KafkaConnection of(String bootstrapServers, String path) {
    if (path == null || path.isBlank()) {
      return plaintext(bootstrapServers);
    }
    Properties file = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
      file.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the Kafka client configuration " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> client = new HashMap<>();
    file.stringPropertyNames().forEach(key -> client.put(key, file.getProperty(key).strip()));
    client.remove("bootstrap.servers"); // Mars's own setting says where Kafka is
    return new KafkaConnection(bootstrapServers, client);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * A client's configuration: the file's properties, then the bootstrap servers, then {@code own}.
   */
  public Map<String, Object> config(Map<String, ?> own) {
    Map<String, Object> config = new HashMap<>(client);
    config.put("bootstrap.servers", bootstrapServers);
    config.putAll(own);
    return config;
  }

  /** The same as {@link #config}, as {@link Properties} (Flink's connector builders take those). */
  public Properties properties() {
    Properties properties = new Properties();
    properties.putAll(config(Map.of()));
    return properties;
  }

  /** Whether the connection is encrypted or authenticated, for logs (never the secrets). */
  public String securityProtocol() {
    return client.getOrDefault("security.protocol", "PLAINTEXT");
  }
}
