package dev.mars.search;

import dev.mars.elasticsearch.ElasticsearchConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the message documents are and how much one search may ask, under {@code mars.search}.
 *
 * @param hosts Elasticsearch HTTP addresses
 * @param index the index (or alias) of message documents
 * @param countersIndex the index of counter totals
 * @param timeout the most one Elasticsearch call may take
 * @param maxPageSize the most hits one page may hold
 * @param maxQueryLength the longest query string accepted
 * @param maxTotal totals are exact up to this many hits, then reported as "gte"
 * @param histogramBuckets about how many bars the histogram over last_seen has
 * @param username Elasticsearch user (HTTP Basic); none when blank
 * @param password its password
 * @param truststore a PKCS12 trust store for a cluster whose certificate the JDK does not trust
 * @param truststorePassword its password
 */
@ConfigurationProperties("mars.search")
public record SearchProperties(
    List<URI> hosts,
    String index,
    String countersIndex,
    Duration timeout,
    int maxPageSize,
    int maxQueryLength,
    int maxTotal,
    int histogramBuckets,
    String username,
    String password,
    String truststore,
    String truststorePassword) {

  /** How the dashboard reaches Elasticsearch. */
  public ElasticsearchConnection elasticsearch() {
    return ElasticsearchConnection.of(
        hosts.stream().map(URI::toString).toList(),
        username,
        password,
        truststore,
        truststorePassword);
  }
}
