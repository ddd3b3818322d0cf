package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.lifecycle.IndexBuckets;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention by whole indices: takes clock ticks and, at most once {@code every}, deletes the
 * message indices (daily, or monthly from an older Mars) whose messages were all first seen more
 * than {@code days} days ago. (The minimal Elasticsearch has neither ILM nor delete_by_query; an
 * index goes whole.) Zero days keeps everything.
 */
public final class IndexRetention implements Sink<Long> {

  private static final Logger LOG = LoggerFactory.getLogger(IndexRetention.class);

  private final ElasticsearchConnection elasticsearch;
  private final IndexBuckets buckets;
  private final int days;
  private final long everyMs;

  public IndexRetention(
      ElasticsearchConnection elasticsearch, IndexBuckets buckets, int days, long everyMs) {
    this.elasticsearch = elasticsearch;
    this.buckets = buckets;
    this.days = days;
    this.everyMs = everyMs;
  }

  /** Whether {@code index} is one of the buckets to delete when it is {@code now}. */
  public boolean expired(String index, long now) {
    LocalDate oldestKept =
        Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).toLocalDate().minusDays(days);
    return days > 0 && buckets.endOf(index).filter(end -> !end.isAfter(oldestKept)).isPresent();
  }

  @Override
  @SuppressWarnings("deprecation") // the one createWriter Flink 1.20 requires
  public SinkWriter<Long> createWriter(InitContext context) {
    return new Writer();
  }

  private final class Writer implements SinkWriter<Long> {
    private final RestClient client = elasticsearch.client();
    private long lastRun = Long.MIN_VALUE;

    @Override
    public void write(Long tick, Context context) {
      if (days <= 0 || (lastRun != Long.MIN_VALUE && tick - lastRun < everyMs)) {
        return;
      }
      lastRun = tick;
      try {
        dropExpired(tick);
      } catch (IOException e) {
        LOG.warn("Index retention could not run, will try again: {}", e.getMessage());
      }
    }

    private void dropExpired(long now) throws IOException {
      Response response =
          client.performRequest(
              new Request("GET", "/_cat/indices/" + buckets.pattern() + "?h=index&format=json"));
      JsonNode indices;
      try (InputStream body = response.getEntity().getContent()) {
        indices = new ObjectMapper().readTree(body);
      }
      for (JsonNode entry : indices) {
        String index = entry.path("index").asText();
        if (expired(index, now)) {
          client.performRequest(new Request("DELETE", "/" + index));
          LOG.info("Deleted index {}: its messages were first seen over {} days ago", index, days);
        }
      }
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public void close() throws IOException {
      client.close();
    }
  }
}
