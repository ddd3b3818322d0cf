package dev.mars.testing;

import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * With {@code -Pdocker} ({@code mars.docker=true}): the tests' shared Kafka broker and
 * Elasticsearch node from Testcontainers' modules, the same versions Mars runs on, instead of
 * infra/'s processes. Where there is no Docker (as on the CI machine) this is compiled, not run.
 */
final class DockerServers {

  static final String KAFKA_IMAGE = "apache/kafka:4.1.0";
  static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:7.17.29";

  private DockerServers() {}

  static boolean enabled() {
    return Boolean.getBoolean("mars.docker");
  }

  /** A Kafka broker (KRaft) in a container. */
  static final class Kafka implements AutoCloseable {
    private final KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));

    static Kafka start() {
      Kafka kafka = new Kafka();
      kafka.container.start();
      return kafka;
    }

    String bootstrapServers() {
      return container.getBootstrapServers();
    }

    @Override
    public void close() {
      container.stop();
    }
  }

  /** An Elasticsearch node in a container, without security (as the minimal zip runs). */
  static final class Elasticsearch implements AutoCloseable {
    private final ElasticsearchContainer container =
        new ElasticsearchContainer(DockerImageName.parse(ELASTICSEARCH_IMAGE))
            .withEnv("xpack.security.enabled", "false")
            .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");

    static Elasticsearch start() {
      Elasticsearch elasticsearch = new Elasticsearch();
      elasticsearch.container.start();
      return elasticsearch;
    }

    String url() {
      return "http://" + container.getHttpHostAddress();
    }

    @Override
    public void close() {
      container.stop();
    }
  }
}
