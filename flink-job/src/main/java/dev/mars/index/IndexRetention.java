package dev.mars.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.lifecycle.IndexBuckets;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention by whole months: takes clock ticks and, at most once {@code every}, deletes the monthly
 * message indices of months that ended more than {@code months} months ago. (The minimal
 * Elasticsearch has neither ILM nor delete_by_query; a month's index goes whole.) Zero months keeps
 * everything.
 */
public final class IndexRetention implements Sink<Long> {

  private static final Logger LOG = LoggerFactory.getLogger(IndexRetention.class);
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM");

  private final ElasticsearchConnection elasticsearch;
  private final IndexBuckets buckets;
  private final int months;
  private final long everyMs;

  public IndexRetention(
      ElasticsearchConnection elasticsearch, IndexBuckets buckets, int months, long everyMs) {
    this.elasticsearch = elasticsearch;
    this.buckets = buckets;
    this.months = months;
    this.everyMs = everyMs;
  }

  /** The oldest month kept when it is {@code now}. */
  public YearMonth oldestKept(long now) {
    return YearMonth.from(Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC)).minusMonths(months);
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
      if (months <= 0 || (lastRun != Long.MIN_VALUE && tick - lastRun < everyMs)) {
        return;
      }
      lastRun = tick;
      try {
        dropOlderThan(oldestKept(tick));
      } catch (IOException e) {
        LOG.warn("Index retention could not run, will try again: {}", e.getMessage());
      }
    }

    private void dropOlderThan(YearMonth oldestKept) throws IOException {
      Response response =
          client.performRequest(
              new Request("GET", "/_cat/indices/" + buckets.pattern() + "?h=index&format=json"));
      JsonNode indices;
      try (InputStream body = response.getEntity().getContent()) {
        indices = new ObjectMapper().readTree(body);
      }
      String prefix = buckets.alias() + "-";
      for (JsonNode entry : indices) {
        String index = entry.path("index").asText();
        YearMonth month;
        try {
          month = YearMonth.parse(index.substring(prefix.length()), MONTH);
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
          continue; // not one of the monthly indices
        }
        if (month.isBefore(oldestKept)) {
          client.performRequest(new Request("DELETE", "/" + index));
          LOG.info("Deleted index {}: older than the {} months kept", index, months);
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
