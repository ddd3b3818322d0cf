package dev.mars.index;

import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.kafka.KafkaConnection;
import java.io.IOException;
import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Writes whole documents to Elasticsearch with {@code _bulk}, at least once (flushed on every
 * checkpoint). Unlike flink-connector-elasticsearch, whose writer fails the job on any item
 * Elasticsearch refuses, it tries again what Elasticsearch cannot take now and sends what it
 * refuses for its content to a dead-letter topic: see {@link BulkWriter}.
 */
public final class ElasticsearchBulkSink<T> implements Sink<T> {

  /** Everything a writer needs; validated by the {@link Builder}. */
  record Settings(
      ElasticsearchConnection elasticsearch,
      int maxActions,
      long maxBytes,
      long flushIntervalMs,
      long backoffInitialMs,
      long backoffMaxMs,
      int connectTimeoutMs,
      int socketTimeoutMs,
      KafkaConnection kafka,
      String refusedDocumentsTopic,
      String progressIndex)
      implements Serializable {}

  private final BulkActions<T> actions;
  private final Settings settings;

  private ElasticsearchBulkSink(BulkActions<T> actions, Settings settings) {
    this.actions = actions;
    this.settings = settings;
  }

  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<T> createWriter(InitContext context) throws IOException {
    return writer(context.getProcessingTimeService(), context.metricGroup(), context.getTaskInfo());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return writer(context.getProcessingTimeService(), context.metricGroup(), context.getTaskInfo());
  }

  private SinkWriter<T> writer(
      ProcessingTimeService time, SinkWriterMetricGroup metrics, TaskInfo task) {
    return new BulkWriter<>(actions, settings, time, metrics, progress(task));
  }

  private BulkAction progress(TaskInfo task) {
    return settings.progressIndex() == null
        ? null
        : SinkProgress.of(
            settings.progressIndex(),
            task.getIndexOfThisSubtask(),
            task.getNumberOfParallelSubtasks());
  }

  /** Builds a sink; every setting is checked when it is built. */
  public static final class Builder<T> {
    private ElasticsearchConnection elasticsearch;
    private BulkActions<T> actions;
    private int maxActions = 1000;
    private long maxBytes = 5 * 1024 * 1024;
    private long flushIntervalMs = 200;
    private long backoffInitialMs = 100;
    private long backoffMaxMs = 30_000;
    private int connectTimeoutMs = 5_000;
    private int socketTimeoutMs = 60_000;
    private KafkaConnection kafka;
    private String refusedDocumentsTopic;
    private String progressIndex;

    /** Elasticsearch's URLs, e.g. {@code http://127.0.0.1:9200}. */
    public Builder<T> elasticsearch(ElasticsearchConnection elasticsearch) {
      this.elasticsearch = elasticsearch;
      return this;
    }

    public Builder<T> actions(BulkActions<T> actions) {
      this.actions = actions;
      return this;
    }

    /** A bulk request is sent once it holds this many documents or {@code maxBytes}. */
    public Builder<T> maxActions(int maxActions, long maxBytes) {
      this.maxActions = maxActions;
      this.maxBytes = maxBytes;
      return this;
    }

    public Builder<T> flushIntervalMs(long flushIntervalMs) {
      this.flushIntervalMs = flushIntervalMs;
      return this;
    }

    /** Waits between attempts, doubling from {@code initialMs} up to {@code maxMs}. */
    public Builder<T> backoff(long initialMs, long maxMs) {
      this.backoffInitialMs = initialMs;
      this.backoffMaxMs = maxMs;
      return this;
    }

    /** Where documents Elasticsearch refuses for their content go. */
    public Builder<T> refusedDocuments(KafkaConnection kafka, String topic) {
      this.kafka = kafka;
      this.refusedDocumentsTopic = topic;
      return this;
    }

    /** Where each subtask says how far it has written ({@link SinkProgress}); none when null. */
    public Builder<T> progressIndex(String index) {
      this.progressIndex = index == null || index.isBlank() ? null : index;
      return this;
    }

    public ElasticsearchBulkSink<T> build() {
      if (elasticsearch == null) {
        throw new IllegalArgumentException("at least one Elasticsearch host is needed");
      }
      Objects.requireNonNull(actions, "actions");
      Objects.requireNonNull(kafka, "the refused documents' Kafka connection");
      Objects.requireNonNull(refusedDocumentsTopic, "the refused documents' topic");
      if (maxActions <= 0 || maxBytes <= 0 || flushIntervalMs <= 0) {
        throw new IllegalArgumentException(
            "max actions, max bytes and the flush interval must be positive");
      }
      if (backoffInitialMs <= 0 || backoffMaxMs < backoffInitialMs) {
        throw new IllegalArgumentException("backoff needs 0 < initial <= max");
      }
      return new ElasticsearchBulkSink<>(
          actions,
          new Settings(
              elasticsearch,
              maxActions,
              maxBytes,
              flushIntervalMs,
              backoffInitialMs,
              backoffMaxMs,
              connectTimeoutMs,
              socketTimeoutMs,
              kafka,
              refusedDocumentsTopic,
              progressIndex));
    }
  }
}
