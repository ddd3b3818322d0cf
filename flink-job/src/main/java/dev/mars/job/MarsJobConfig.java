package dev.mars.job;

import dev.mars.alert.AlertTopic;
import dev.mars.counter.CounterIndexRequests;
import dev.mars.counter.IncrementDeserializer;
import dev.mars.counter.RequestIdMemory;
import dev.mars.deadletter.DeadLetterTopic;
import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.event.EventDeserializer;
import dev.mars.index.BucketedIndex;
import dev.mars.index.BulkActions;
import dev.mars.index.ElasticsearchBulkSink;
import dev.mars.index.ElasticsearchIndex;
import dev.mars.index.ElasticsearchMessageStore;
import dev.mars.index.IndexRetention;
import dev.mars.index.MessageIndexRequests;
import dev.mars.kafka.KafkaConnection;
import dev.mars.lifecycle.IndexBuckets;
import dev.mars.lifecycle.MessageLifecycle;
import dev.mars.lifecycle.MessageLimits;
import dev.mars.lifecycle.definition.Lifecycles;
import dev.mars.lifecycle.definition.LifecyclesFile;
import dev.mars.progress.HeartbeatWatermarks;
import dev.mars.progress.Heartbeats;
import dev.mars.security.Loopback;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's settings, from (highest first) flags ({@code --window.ms 500}), environment variables
 * ({@code MARS_WINDOW_MS=500}), a properties file ({@code --config job.properties}) and the
 * defaults below, which suit the local run. {@code checkpoint.dir} (no default) keeps checkpoints
 * there and resumes from the newest: for the embedded run, whose state would otherwise die with it.
 */
public final class MarsJobConfig {

  private static final Logger LOG = LoggerFactory.getLogger(MarsJobConfig.class);

  static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("kafka.bootstrap-servers", "127.0.0.1:9092"),
          Map.entry("kafka.client-config", ""),
          Map.entry("kafka.replication-factor", "1"),
          Map.entry("state.backend.incremental", "true"),
          Map.entry("kafka.min-insync-replicas", "1"),
          Map.entry("elasticsearch.username", ""),
          Map.entry("elasticsearch.password", ""),
          Map.entry("elasticsearch.truststore", ""),
          Map.entry("elasticsearch.truststore-password", ""),
          Map.entry("kafka.topic", "mars.events"),
          Map.entry("kafka.increments-topic", "mars.increments"),
          Map.entry("kafka.dead-letter-suffix", ".dlq"),
          Map.entry("kafka.group-id", "mars-flink-job"),
          Map.entry("kafka.alerts-topic", "mars.alerts"),
          Map.entry("kafka.refused-documents-topic", "mars.documents.dlq"),
          Map.entry("kafka.partitions", "10"),
          Map.entry("kafka.fetch-min-bytes", "65536"),
          Map.entry("kafka.fetch-max-wait.ms", "100"),
          Map.entry("elasticsearch.hosts", "http://127.0.0.1:9200"),
          Map.entry("elasticsearch.index", "mars-messages"),
          Map.entry("elasticsearch.counters-index", "mars-counters"),
          Map.entry("elasticsearch.shards", "1"),
          Map.entry("elasticsearch.replicas", "0"),
          Map.entry("elasticsearch.bulk.max-actions", "1000"),
          Map.entry("elasticsearch.bulk.flush-interval.ms", "200"),
          Map.entry("elasticsearch.bulk.max-bytes", "5242880"),
          Map.entry("elasticsearch.backoff.initial.ms", "100"),
          Map.entry("elasticsearch.backoff.max.ms", "30000"),
          Map.entry("elasticsearch.retention.days", "14"),
          Map.entry("elasticsearch.index-period", "day"),
          Map.entry("elasticsearch.progress-index", ""),
          Map.entry("window.ms", "2000"),
          Map.entry("event.created-at-range.days", "365"),
          Map.entry("lifecycle.allowed-lateness.ms", "5000"),
          Map.entry("lifecycle.heartbeat.ms", "1000"),
          Map.entry("lifecycle.heartbeat.max-delay.ms", "2000"),
          Map.entry("lifecycle.outage.threshold.ms", "5000"),
          Map.entry("lifecycle.outage.retry-budget.ms", "60000"),
          Map.entry("lifecycle.outage.max-hold.ms", "1800000"),
          Map.entry("state.ttl.hours", "168"),
          Map.entry("state.finished-ttl.seconds", "15"),
          Map.entry("state.max-idle.hours", "336"),
          Map.entry("lifecycle.max-events-per-message", "1000"),
          Map.entry("state.backend", "hashmap"),
          Map.entry("pipeline.operator-chaining", "true"),
          Map.entry("pipeline.object-reuse", "true"),
          Map.entry("pipeline.buffer-timeout.ms", "500"),
          Map.entry("counters.request-id-retention.minutes", "5"),
          Map.entry("counters.request-ids.max-per-counter", "250000"),
          Map.entry("parallelism", "10"),
          Map.entry("flink.rest.address", "127.0.0.1"),
          Map.entry("checkpoint.interval.ms", "10000"),
          Map.entry("checkpoint.timeout.ms", "120000"),
          Map.entry("checkpoint.tolerable-failures", "3"));

  /** Settings without a default, also read from the environment. */
  static final List<String> OPTIONAL =
      List.of(
          "lifecycle.definitions",
          "checkpoint.dir",
          "flink.rest.port",
          "flink.metrics.port",
          "counters.request-id-retention.hours");

  private final ParameterTool params;
  private final Lifecycles lifecycles;
  private Integer eventPartitions;

  private MarsJobConfig(ParameterTool params) {
    this.params = params;
    this.lifecycles =
        params.has("lifecycle.definitions")
            ? LifecyclesFile.read(Path.of(params.get("lifecycle.definitions")))
            : LifecyclesFile.defaults();
  }

  public static MarsJobConfig load(String[] args, Map<String, String> env) throws IOException {
    ParameterTool flags = ParameterTool.fromArgs(args);
    ParameterTool merged = ParameterTool.fromMap(DEFAULTS);
    if (flags.has("config")) {
      merged =
          merged.mergeWith(ParameterTool.fromMap(readProperties(Path.of(flags.get("config")))));
    }
    merged = merged.mergeWith(ParameterTool.fromMap(fromEnvironment(env))).mergeWith(flags);
    return new MarsJobConfig(merged);
  }

  /** {@code MARS_KAFKA_BOOTSTRAP_SERVERS} sets {@code kafka.bootstrap-servers}, and so on. */
  private static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (String key : allKeys()) {
      String variable = "MARS_" + key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
      if (env.containsKey(variable)) {
        values.put(key, env.get(variable));
      }
    }
    return values;
  }

  private static List<String> allKeys() {
    List<String> keys = new ArrayList<>(DEFAULTS.keySet());
    keys.addAll(OPTIONAL);
    return keys;
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return values;
  }

  public MessagePipeline messagePipeline() {
    String topic = params.get("kafka.topic");
    if (positive("lifecycle.outage.threshold.ms") <= 2 * positive("lifecycle.heartbeat.ms")) {
      throw new IllegalArgumentException(
          "lifecycle.outage.threshold.ms must be more than twice lifecycle.heartbeat.ms: a gap"
              + " between heartbeats that short is no outage");
    }
    return new MessagePipeline(
        kafkaSource(
            topic, new EventDeserializer(Duration.ofDays(positive("event.created-at-range.days")))),
        new HeartbeatWatermarks<>(
            Duration.ofMillis(params.getLong("lifecycle.allowed-lateness.ms")),
            new HeartbeatWatermarks.Outages(
                Duration.ofMillis(positive("lifecycle.outage.threshold.ms")),
                Duration.ofMillis(params.getLong("lifecycle.outage.retry-budget.ms")),
                Duration.ofMillis(params.getLong("lifecycle.outage.max-hold.ms")))),
        eventPartitions(),
        deadLetterTopic(topic).sink(),
        new MessageLifecycle(
            lifecycles,
            window(),
            hours("state.ttl.hours"),
            Duration.ofSeconds(positive("state.finished-ttl.seconds")),
            messageBuckets(),
            new ElasticsearchMessageStore(elasticsearch(), params.get("elasticsearch.index")),
            new MessageLimits(
                positive("lifecycle.max-events-per-message"),
                hours("state.max-idle.hours"),
                topic)),
        bulkSink(new MessageIndexRequests(), progressIndex()),
        AlertTopic.sink(
            kafka(), params.get("kafka.alerts-topic"), params.get("kafka.group-id") + "-alerts"));
  }

  public CounterPipeline counterPipeline() {
    ElasticsearchIndex index = counterIndex();
    return new CounterPipeline(
        kafkaSource(params.get("kafka.increments-topic"), new IncrementDeserializer()),
        deadLetterTopic(params.get("kafka.increments-topic")).sink(),
        bulkSink(new CounterIndexRequests(index.name()), null),
        window(),
        new RequestIdMemory(
            requestIdRetention(), positive("counters.request-ids.max-per-counter")));
  }

  /** In minutes; {@code counters.request-id-retention.hours}, its earlier name, still counts. */
  private Duration requestIdRetention() {
    if (params.has("counters.request-id-retention.hours")) {
      return hours("counters.request-id-retention.hours");
    }
    return positiveDuration("counters.request-id-retention.minutes", Duration.ofMinutes(1));
  }

  public HousekeepingPipeline housekeeping() {
    long heartbeatMs = positive("lifecycle.heartbeat.ms");
    return new HousekeepingPipeline(
        new DataGeneratorSource<>(
            tick -> System.currentTimeMillis(),
            Long.MAX_VALUE,
            RateLimiterStrategy.perSecond(1000.0 / heartbeatMs),
            Types.LONG),
        eventPartitions(),
        new Heartbeats(
            kafka(),
            params.get("kafka.topic"),
            Duration.ofMillis(positive("lifecycle.heartbeat.max-delay.ms"))),
        new IndexRetention(
            elasticsearch(), messageBuckets(), retentionDays(), Duration.ofHours(1).toMillis()));
  }

  /**
   * Creates what the job reads and writes unless it exists: the topics (events, increments, their
   * dead letters, alerts), the message index template with the current month's index, and the
   * counters' index.
   */
  public void prepareKafkaAndElasticsearch() throws IOException, InterruptedException {
    try (KafkaTopics topics =
        new KafkaTopics(
            kafka(), positive("kafka.replication-factor"), positive("kafka.min-insync-replicas"))) {
      for (String topic :
          List.of(params.get("kafka.topic"), params.get("kafka.increments-topic"))) {
        topics.ensure(topic, positive("kafka.partitions"));
        topics.ensure(deadLetterTopicOf(topic), 1);
      }
      topics.ensure(params.get("kafka.alerts-topic"), 1);
      topics.ensure(params.get("kafka.refused-documents-topic"), 1);
    }
    new BucketedIndex(
            elasticsearch(),
            messageBuckets(),
            MessageIndexRequests.MAPPINGS,
            positive("elasticsearch.shards"),
            params.getInt("elasticsearch.replicas"))
        .ensureExists(System.currentTimeMillis());
    counterIndex().ensureExists();
  }

  /** The lifecycle definitions the job judges messages by. */
  public Lifecycles lifecycles() {
    return lifecycles;
  }

  private int eventPartitions() {
    if (eventPartitions == null) {
      try (KafkaTopics topics =
          new KafkaTopics(
              kafka(),
              positive("kafka.replication-factor"),
              positive("kafka.min-insync-replicas"))) {
        eventPartitions = topics.partitions(params.get("kafka.topic"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the events topic", e);
      }
    }
    return eventPartitions;
  }

  IndexBuckets messageBuckets() {
    String period = params.get("elasticsearch.index-period");
    return switch (period) {
      case "day" -> new IndexBuckets(params.get("elasticsearch.index"), IndexBuckets.Period.DAY);
      case "month" ->
          new IndexBuckets(params.get("elasticsearch.index"), IndexBuckets.Period.MONTH);
      default ->
          throw new IllegalArgumentException(
              "elasticsearch.index-period must be day or month, not " + period);
    };
  }

  private int retentionDays() {
    int days = params.getInt("elasticsearch.retention.days");
    if (days < 0) {
      throw new IllegalArgumentException(
          "elasticsearch.retention.days must be 0 (keep all) or more");
    }
    return days;
  }

  /**
   * Where Kafka is, and how to reach it: {@code kafka.client-config} names a Kafka client
   * configuration file (TLS, SASL) every client of the job uses.
   */
  public KafkaConnection kafka() {
    return KafkaConnection.of(
        params.get("kafka.bootstrap-servers"), params.get("kafka.client-config"));
  }

  /** The dead letters of {@code topic} go to {@code topic + kafka.dead-letter-suffix}. */
  public String deadLetterTopicOf(String topic) {
    return topic + params.get("kafka.dead-letter-suffix");
  }

  private DeadLetterTopic deadLetterTopic(String topic) {
    return new DeadLetterTopic(kafka(), deadLetterTopicOf(topic));
  }

  private <T> KafkaSource<T> kafkaSource(
      String topic, KafkaRecordDeserializationSchema<T> deserializer) {
    return KafkaSource.<T>builder()
        .setBootstrapServers(kafka().bootstrapServers())
        .setProperties(kafka().properties())
        // A fetch answered at the first byte costs the reader and the broker a round trip for a
        // handful of records: at 6,000 events/s a fifth of the job's CPU went to the consumer's
        // network loop. Records wait at most fetch-max-wait.ms for company.
        .setProperty(
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
            String.valueOf(positive("kafka.fetch-min-bytes")))
        .setProperty(
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            String.valueOf(positive("kafka.fetch-max-wait.ms")))
        .setTopics(topic)
        .setGroupId(params.get("kafka.group-id"))
        // One prefix per source: the clients' JMX names must not collide.
        .setClientIdPrefix(params.get("kafka.group-id") + "-" + topic)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(deserializer)
        .build();
  }

  ElasticsearchIndex counterIndex() {
    return index("elasticsearch.counters-index", CounterIndexRequests.MAPPINGS);
  }

  private ElasticsearchIndex index(String nameKey, String mappings) {
    return new ElasticsearchIndex(
        elasticsearch(),
        params.get(nameKey),
        mappings,
        positive("elasticsearch.shards"),
        params.getInt("elasticsearch.replicas"));
  }

  /**
   * Where Elasticsearch is ({@code https://} URLs for TLS), and how to log in: {@code
   * elasticsearch.username} / {@code .password} (best from the environment, {@code
   * MARS_ELASTICSEARCH_PASSWORD}), {@code elasticsearch.truststore} (PKCS12) for a private CA.
   */
  public ElasticsearchConnection elasticsearch() {
    return ElasticsearchConnection.of(
        Arrays.stream(params.get("elasticsearch.hosts").split(",")).map(String::trim).toList(),
        params.get("elasticsearch.username"),
        params.get("elasticsearch.password"),
        params.get("elasticsearch.truststore"),
        params.get("elasticsearch.truststore-password"));
  }

  /**
   * Documents written at least once; what Elasticsearch refuses for its content goes to {@code
   * kafka.refused-documents-topic}.
   */
  private <T> ElasticsearchBulkSink<T> bulkSink(BulkActions<T> actions, String progressIndex) {
    return ElasticsearchBulkSink.<T>builder()
        .elasticsearch(elasticsearch())
        .actions(actions)
        .maxActions(
            positive("elasticsearch.bulk.max-actions"),
            params.getLong("elasticsearch.bulk.max-bytes"))
        .flushIntervalMs(positive("elasticsearch.bulk.flush-interval.ms"))
        .backoff(
            positive("elasticsearch.backoff.initial.ms"), positive("elasticsearch.backoff.max.ms"))
        .refusedDocuments(kafka(), params.get("kafka.refused-documents-topic"))
        .progressIndex(progressIndex)
        .build();
  }

  /**
   * Where the document sink's subtasks say how far they have written, for the live feed ({@code
   * <elasticsearch.index>.progress}, which {@code ./mars start} sets); none when blank. Off by
   * default: each bulk request then writes to a second shard, which an Elasticsearch with a tiny
   * write queue turns into rejections (ElasticsearchOverloadITCase slowed past its patience).
   */
  String progressIndex() {
    String index = params.get("elasticsearch.progress-index");
    return index.isBlank() ? null : index;
  }

  private Duration window() {
    return Duration.ofMillis(positive("window.ms"));
  }

  public StreamExecutionEnvironment environment() {
    Configuration flink = new Configuration();
    flink.set(CoreOptions.DEFAULT_PARALLELISM, positive("parallelism"));
    flink.set(
        ExecutionCheckpointingOptions.CHECKPOINTING_INTERVAL,
        Duration.ofMillis(positive("checkpoint.interval.ms")));
    // Well below the alerts' transaction timeout (10 min): a checkpoint that completed after
    // Kafka aborted its transaction would lose the alerts in it.
    long timeoutMs = positive("checkpoint.timeout.ms");
    int tolerable = params.getInt("checkpoint.tolerable-failures");
    if (timeoutMs * (tolerable + 1L) >= AlertTopic.TRANSACTION_TIMEOUT.toMillis()) {
      throw new IllegalArgumentException(
          "checkpoint.timeout.ms × (checkpoint.tolerable-failures + 1) must stay below the alerts'"
              + " transaction timeout ("
              + AlertTopic.TRANSACTION_TIMEOUT.toMinutes()
              + " min), was "
              + timeoutMs
              + " × "
              + (tolerable + 1)
              + " ms: a transaction Kafka aborted meanwhile would lose its alerts");
    }
    flink.set(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMillis(timeoutMs));
    // A checkpoint fails while a sink waits out an Elasticsearch outage; a few such failures must
    // not restart the job. But not more than fit in the alerts' transaction timeout: a
    // transaction Kafka aborted meanwhile would be committed by nobody, its alerts lost. Past
    // them the job restarts from its last checkpoint and reads the alerts' events again.
    flink.set(ExecutionCheckpointingOptions.TOLERABLE_FAILURE_NUMBER, tolerable);
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    flink.set(PipelineOptions.NAME, "mars");
    // Off shows each operator on its own in Flink's web UI (where the time goes); state is by uid,
    // so a savepoint of either shape restores into the other.
    flink.set(
        PipelineOptions.OPERATOR_CHAINING,
        Boolean.parseBoolean(params.get("pipeline.operator-chaining")));
    // Chained operators hand records on as they are instead of copying each through its
    // serializer: no function here keeps a record it emitted or changes one it received.
    flink.set(
        PipelineOptions.OBJECT_REUSE, Boolean.parseBoolean(params.get("pipeline.object-reuse")));
    // How long a subtask's partly filled output buffer waits before it is sent on: every send
    // wakes the receiving subtask, and each of ten subtasks sends to ten others. 500 ms instead of
    // Flink's 100: the job 44–49 instead of 54–55 CPU-µs per event at 6,000 events/s, events
    // searchable 0.1–0.3 s later (bench README); a message's window holds them for seconds anyway.
    flink.set(
        ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(positive("pipeline.buffer-timeout.ms")));
    flink.set(StateBackendOptions.STATE_BACKEND, stateBackend());
    // RocksDB then uploads only the files a checkpoint adds, not the whole state each time.
    flink.set(
        CheckpointingOptions.INCREMENTAL_CHECKPOINTS,
        Boolean.parseBoolean(params.get("state.backend.incremental")));
    // Only for the embedded run: given to a cluster client, it would redirect the submission.
    if (params.has("flink.rest.port")) {
      flink.set(RestOptions.PORT, positive("flink.rest.port"));
      // Anyone who reaches it could upload and run code: this machine only, and no uploads.
      String address = loopbackOnly(params.get("flink.rest.address"));
      flink.set(RestOptions.BIND_ADDRESS, address);
      flink.set(WebOptions.SUBMIT_ENABLE, false);
      // So do the embedded cluster's other servers (its blob server among them).
      flink.set(JobManagerOptions.BIND_HOST, address);
      flink.set(TaskManagerOptions.BIND_HOST, address);
    }
    // Only for the embedded run too: a cluster's processes report by their own configuration.
    if (params.has("flink.metrics.port")) {
      flink.set(
          reporterOption("factory.class"), "dev.mars.metrics.LoopbackPrometheusReporterFactory");
      flink.set(reporterOption("host"), loopbackOnly(params.get("flink.rest.address")));
      flink.set(reporterOption("port"), String.valueOf(positive("flink.metrics.port")));
    }
    if (params.has("checkpoint.dir")) {
      keepCheckpointsIn(Path.of(params.get("checkpoint.dir")).toAbsolutePath(), flink);
    }
    return StreamExecutionEnvironment.getExecutionEnvironment(flink);
  }

  private static ConfigOption<String> reporterOption(String name) {
    return ConfigOptions.key("metrics.reporter.prom." + name).stringType().noDefaultValue();
  }

  /**
   * Flink's REST API has no login (and can cancel the job): the embedded one listens on this
   * machine only; reach it from elsewhere through an authenticating proxy.
   */
  static String loopbackOnly(String address) {
    if (!Loopback.isLoopback(address)) {
      throw new IllegalArgumentException(
          "flink.rest.address "
              + address
              + " is not a loopback address: Flink's REST API has no authentication, so the"
              + " embedded one listens on this machine only (put an authenticating proxy in front"
              + " to reach it from elsewhere)");
    }
    return address;
  }

  /**
   * The embedded run's state survives a restart: checkpoints are kept on disk, also when the job
   * stops, and the job resumes from the newest one.
   */
  private static void keepCheckpointsIn(Path dir, Configuration flink) {
    flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
    flink.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    LatestCheckpoint.in(dir)
        .ifPresent(
            checkpoint -> {
              LOG.info("Resuming from checkpoint {}", checkpoint);
              flink.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
              // State of operators a newer Mars no longer has is left behind, not fatal.
              flink.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
            });
  }

  /** hashmap (state on the heap, the default) or rocksdb (state on disk, for large state). */
  private String stateBackend() {
    String backend = params.get("state.backend");
    if (!List.of("hashmap", "rocksdb").contains(backend)) {
      throw new IllegalArgumentException(
          "state.backend must be hashmap or rocksdb, was " + backend);
    }
    return backend;
  }

  /** A positive number of hours, fractions allowed (0.5 is 30 minutes). */
  private Duration hours(String key) {
    return positiveDuration(key, Duration.ofHours(1));
  }

  /** A setting in {@code unit}s, fractions allowed. */
  private Duration positiveDuration(String key, Duration unit) {
    double units = params.getDouble(key);
    if (units <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + units);
    }
    return Duration.ofMillis(Math.round(units * unit.toMillis()));
  }

  private int positive(String key) {
    int value = params.getInt(key);
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
    return value;
  }
}
