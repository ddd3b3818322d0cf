package dev.mars.search;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the message documents are, under {@code mars.search}.
 *
 * @param hosts Elasticsearch HTTP addresses
 * @param index the index (or alias) of message documents
 * @param countersIndex the index of counter totals
 * @param timeout the most one Elasticsearch call may take
 */
@ConfigurationProperties("mars.search")
public record SearchProperties(
    List<URI> hosts, String index, String countersIndex, Duration timeout) {}
