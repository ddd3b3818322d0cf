package dev.mars.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The dashboard's benchmark: indexes the message documents of the standard workload's shape (20
 * apps, 40 % on app-00, five stages, 2 % missing one, last_seen over the past day) until the index
 * holds {@code --documents}, then times five typical searches through the dashboard API (first
 * pages, with aggregations) and the live push: a document written → its STOMP frame.
 */
public final class SearchBenchmark {

  private static final String[] STAGES = {
    "MESSAGE_CREATED",
    "MESSAGE_REACHED_BACKEND",
    "MESSAGE_IN_SEARCH_QUEUE",
    "MESSAGE_REACHED_FRONTEND",
    "MESSAGE_DELIVERED"
  };
  private static final long[] OFFSETS_MS = {0, 120, 410, 760, 1_180};
  private static final long DAY_MS = 86_400_000L;
  private static final int BULK = 5_000;

  private final Map<String, String> options;
  private final HttpClient http = HttpClient.newHttpClient();

  private SearchBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    new SearchBenchmark(CommandLine.options(args)).run();
  }

  private void run() throws Exception {
    Elasticsearch elasticsearch =
        new Elasticsearch(option("elasticsearch", "http://127.0.0.1:9200"));
    String dashboard = option("dashboard", "http://127.0.0.1:4001");
    String alias = option("index", "mars-messages");
    long documents = Long.parseLong(option("documents", "1000000"));
    int runs = Integer.parseInt(option("runs", "200"));
    String bucket =
        alias
            + "-"
            + DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC).format(Instant.now());

    long present = count(elasticsearch, alias);
    System.out.printf("# search benchmark: %d documents wanted, %d present%n", documents, present);
    if (present < documents) {
      long t0 = System.nanoTime();
      index(elasticsearch, bucket, present, documents);
      elasticsearch.post("/" + alias + "/_refresh", "", "application/json");
      System.out.printf(
          "indexed %d documents in %.0f s%n", documents - present, (System.nanoTime() - t0) / 1e9);
    }

    Map<String, String> queries = new java.util.LinkedHashMap<>();
    queries.put("stuck messages of one app", "app_id:app-00 AND status:stuck");
    queries.put(
        "reached the backend, never the frontend",
        "app_id:app-03 AND stages.MESSAGE_REACHED_BACKEND:* AND NOT stages.MESSAGE_REACHED_FRONTEND:*");
    queries.put("one message by id", "message_id:m-" + (documents / 2));
    queries.put("missing a stage, any app", "missing:MESSAGE_DELIVERED OR status:late");
    queries.put("busy messages of the last hour", "event_count >= 5 AND last_seen:[now-1h TO now]");
    System.out.printf(
        "%-42s %8s %8s %8s %10s%n",
        "query (first page, 50 hits, aggregations)", "p50 ms", "p95 ms", "max ms", "total");
    for (Map.Entry<String, String> query : queries.entrySet()) {
      Histogram latency = new Histogram(60_000_000L, 3);
      String total = "";
      for (int i = 0; i < runs + 20; i++) {
        long start = System.nanoTime();
        HttpResponse<String> response =
            get(
                dashboard
                    + "/api/messages?from=now-24h&size=50&q="
                    + URLEncoder.encode(query.getValue(), StandardCharsets.UTF_8));
        long micros = (System.nanoTime() - start) / 1_000;
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              query.getKey() + ": " + response.statusCode() + " " + response.body());
        }
        if (i >= 20) { // the first are warm-up: caches, JIT
          latency.recordValue(micros);
        }
        total = Elasticsearch.JSON.readTree(response.body()).at("/total/value").asText();
      }
      System.out.printf(
          "%-42s %8.1f %8.1f %8.1f %10s%n",
          query.getKey(),
          latency.getValueAtPercentile(50) / 1e3,
          latency.getValueAtPercentile(95) / 1e3,
          latency.getMaxValue() / 1e3,
          total);
    }

    awaitFeedCaughtUp(dashboard);
    pushLatency(elasticsearch, bucket, dashboard, Integer.parseInt(option("pushes", "200")));
  }

  /**
   * The feed pushes every document written, the million just indexed too: the live push is timed
   * once it has worked through them (no document pushed in the last ten seconds).
   */
  private void awaitFeedCaughtUp(String dashboard) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    long start = System.nanoTime();
    while (System.nanoTime() < deadline) {
      double pushed =
          Elasticsearch.JSON
              .readTree(get(dashboard + "/api/stats").body())
              .path("documents_written_per_s")
              .asDouble(-1);
      if (pushed == 0) {
        System.out.printf(
            "live feed caught up with the indexed documents after %.0f s%n",
            (System.nanoTime() - start) / 1e9);
        return;
      }
      Thread.sleep(1_000); // the stats change once a second
    }
    throw new IllegalStateException("the live feed did not catch up within 10 minutes");
  }

  /** Writes documents one by one, ten a second, and times each until its frame arrives. */
  private void pushLatency(Elasticsearch elasticsearch, String bucket, String dashboard, int pushes)
      throws Exception {
    String ws = dashboard.replaceFirst("^http", "ws") + "/ws";
    Histogram latency = new Histogram(60_000_000L, 3);
    int lost = 0;
    try (StompProbe probe = StompProbe.subscribe(ws, "/topic/messages")) {
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < pushes; i++) {
        String id = "push-" + UUID.randomUUID();
        long start = System.nanoTime();
        elasticsearch.post(
            "/" + bucket + "/_doc/" + id,
            document("app-00", id, System.currentTimeMillis(), random),
            "application/json");
        try {
          latency.recordValue((probe.arrival(id).get(10, TimeUnit.SECONDS) - start) / 1_000);
        } catch (java.util.concurrent.TimeoutException e) {
          lost++;
        }
        long left = start + 100_000_000L - System.nanoTime();
        if (left > 0) {
          Thread.sleep(left / 1_000_000); // ten writes a second
        }
      }
    }
    System.out.printf(
        "live push (write → STOMP frame): p50=%.0f ms p99=%.0f ms max=%.0f ms over %d writes, %d not pushed within 10 s%n",
        latency.getValueAtPercentile(50) / 1e3,
        latency.getValueAtPercentile(99) / 1e3,
        latency.getMaxValue() / 1e3,
        latency.getTotalCount(),
        lost);
  }

  private static void index(Elasticsearch elasticsearch, String bucket, long from, long to)
      throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> batches = new java.util.ArrayList<>();
      long now = System.currentTimeMillis();
      for (long start = from; start < to; start += BULK) {
        long first = start;
        long last = Math.min(to, start + BULK);
        batches.add(
            writers.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(first);
                  StringBuilder bulk = new StringBuilder();
                  for (long n = first; n < last; n++) {
                    String app =
                        random.nextInt(100) < 40
                            ? "app-00"
                            : String.format("app-%02d", 1 + random.nextInt(19));
                    bulk.append("{\"index\":{\"_id\":\"m-").append(n).append("\"}}\n");
                    bulk.append(document(app, "m-" + n, now - random.nextLong(DAY_MS), random))
                        .append('\n');
                  }
                  elasticsearch.post(
                      "/" + bucket + "/_bulk", bulk.toString(), "application/x-ndjson");
                  return null;
                }));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } finally {
      writers.shutdown();
    }
  }

  /** A message document as the job writes it; 2 % miss one stage and are stuck. */
  static String document(String app, String messageId, long lastSeen, SplittableRandom random) {
    int missing = random.nextInt(100) < 2 ? 1 + random.nextInt(STAGES.length - 1) : -1;
    long created = lastSeen - OFFSETS_MS[STAGES.length - 1];
    StringBuilder events = new StringBuilder();
    StringBuilder stages = new StringBuilder();
    StringBuilder durations = new StringBuilder();
    long previous = created;
    int count = 0;
    for (int s = 0; s < STAGES.length; s++) {
      if (s == missing) {
        continue;
      }
      long at = created + OFFSETS_MS[s];
      String time = Instant.ofEpochMilli(at).toString();
      String sep = count == 0 ? "" : ",";
      events
          .append(sep)
          .append("{\"event_id\":\"")
          .append(messageId)
          .append('-')
          .append(s)
          .append("\",\"event\":\"")
          .append(STAGES[s])
          .append("\",\"created_at\":\"")
          .append(time)
          .append("\"}");
      stages.append(sep).append('"').append(STAGES[s]).append("\":\"").append(time).append('"');
      durations.append(sep).append('"').append(STAGES[s]).append("\":").append(at - previous);
      previous = at;
      count++;
    }
    String firstSeen = Instant.ofEpochMilli(created).toString();
    String lastTime = Instant.ofEpochMilli(previous).toString();
    String status = missing < 0 ? "complete" : "stuck";
    String missingList = missing < 0 ? "" : "\"" + STAGES[missing] + "\"";
    return "{\"app_id\":\""
        + app
        + "\",\"message_id\":\""
        + messageId
        + "\",\"status\":\""
        + status
        + "\",\"missing\":["
        + missingList
        + "],\"late\":[],\"out_of_order\":[],\"stuck_since\":"
        + (missing < 0 ? "null" : "\"" + lastTime + "\"")
        + ",\"events\":["
        + events
        + "],\"stages\":{"
        + stages
        + "},\"stage_durations_ms\":{"
        + durations
        + "},\"first_seen\":\""
        + firstSeen
        + "\",\"last_seen\":\""
        + lastTime
        + "\",\"event_count\":"
        + count
        + ",\"status_changes\":"
        + (missing < 0 ? 0 : 1)
        + ",\"updated_at\":\""
        + Instant.now()
        + "\"}";
  }

  private static long count(Elasticsearch elasticsearch, String alias) {
    try {
      return elasticsearch.get("/" + alias + "/_count").get("count").asLong();
    } catch (Exception e) {
      return 0;
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
