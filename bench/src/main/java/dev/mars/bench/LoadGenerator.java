package dev.mars.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives the standard workload into ingest-api as fast as it accepts, from {@code --concurrency}
 * client threads, and prints requests/s, events/s and latency percentiles.
 *
 * <pre>
 * --scenario http-single|http-bulk|http-noop|grpc-unary|grpc-noop
 * --http http://127.0.0.1:4000  --grpc 127.0.0.1:4025
 * --concurrency 32  --duration 30  --warmup 5  --bulk-size 100  --seed 42  --connections 2 (gRPC)
 * --pids ingest-api=123,kafka=456  (CPU per request of these processes over the measured time)
 * --results file.json  (appends this scenario's figures to the file's "runs")
 * </pre>
 */
public final class LoadGenerator {

  private final String scenario;
  private final Map<String, String> options;

  private LoadGenerator(String scenario, Map<String, String> options) {
    this.scenario = scenario;
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = CommandLine.options(args);
    new LoadGenerator(options.getOrDefault("scenario", "http-single"), options).run();
  }

  private void run() throws Exception {
    int concurrency = intOption("concurrency", 32);
    int bulkSize = scenario.equals("http-bulk") ? intOption("bulk-size", 100) : 1;
    Duration warmup = Duration.ofSeconds(intOption("warmup", 5));
    Duration measured = Duration.ofSeconds(intOption("duration", 30));
    long seed = intOption("seed", 42);

    Recorder latency = new Recorder(3);
    LongAdder accepted = new LongAdder();
    LongAdder events = new LongAdder();
    Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(concurrency);
    ProcessCpu.Window cpu = new ProcessCpu(options.getOrDefault("pids", "")).window();
    try (Target target = target()) {
      // --fresh true: every request new (what the job sees stays realistic); otherwise requests
      // are built ahead and cycled, so the clients' CPU goes to sending (ingest benchmarks).
      boolean fresh = Boolean.parseBoolean(options.getOrDefault("fresh", "false"));
      int preparedPerClient = Math.max(20, 100_000 / bulkSize / concurrency);
      List<Client> clients = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        Workload workload =
            new Workload(
                seed * 1_000 + c, Math.max(1, 10_000 / concurrency), System.currentTimeMillis());
        List<Object> prepared =
            fresh ? List.of() : prepare(target, workload, bulkSize, preparedPerClient);
        Supplier<Object> requests =
            fresh ? () -> target.prepare(take(workload, bulkSize)) : new Cycle(prepared);
        clients.add(new Client(requests, target));
      }
      long measureFrom = System.nanoTime() + warmup.toNanos();
      long end = measureFrom + measured.toNanos();
      cpu.measureBetween(measureFrom, end);
      Client.Results results =
          new Client.Results(measureFrom, end, bulkSize, latency, accepted, events, failures, done);
      for (int c = 0; c < clients.size(); c++) {
        Client client = clients.get(c);
        if (target.blocking()) {
          new Thread(() -> client.run(results), "load-" + c).start();
        } else {
          client.run(results);
        }
      }
      done.await();
    }
    report(
        concurrency,
        bulkSize,
        measured,
        latency.getIntervalHistogram(),
        accepted,
        events,
        failures,
        cpu.await());
  }

  private static List<WorkloadEvent> take(Workload workload, int count) {
    List<WorkloadEvent> batch = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      batch.add(workload.next());
    }
    return batch;
  }

  /** Requests built ahead from the workload, cycled: about 100,000 events' worth in all. */
  private static List<Object> prepare(Target target, Workload workload, int bulkSize, int count) {
    List<Object> requests = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      List<WorkloadEvent> batch = new ArrayList<>(bulkSize);
      for (int i = 0; i < bulkSize; i++) {
        batch.add(workload.next());
      }
      requests.add(target.prepare(batch));
    }
    return requests;
  }

  private Target target() {
    String http = options.getOrDefault("http", "http://127.0.0.1:4000");
    String grpc = options.getOrDefault("grpc", "127.0.0.1:4025");
    return switch (scenario) {
      case "http-single" -> Target.http(http, "/api/event", false);
      case "http-bulk" -> Target.http(http, "/api/event/bulk", true);
      case "http-noop" -> Target.http(http, "/bench/noop", false);
      case "grpc-unary" -> Target.grpc(grpc, false, intOption("connections", 2));
      case "grpc-noop" -> Target.grpc(grpc, true, intOption("connections", 2));
      default -> throw new IllegalArgumentException("unknown --scenario " + scenario);
    };
  }

  private void report(
      int concurrency,
      int bulkSize,
      Duration measured,
      Histogram latency,
      LongAdder requests,
      LongAdder events,
      Map<Integer, LongAdder> failures,
      Map<String, Double> cpuSeconds)
      throws IOException {
    double seconds = measured.toMillis() / 1000.0;
    Map<Integer, Long> failed = new HashMap<>();
    failures.forEach((status, count) -> failed.put(status, count.sum()));
    System.out.printf(
        "scenario=%s concurrency=%d bulk=%d seconds=%.0f requests_per_s=%.0f events_per_s=%.0f"
            + " p50_ms=%.2f p99_ms=%.2f max_ms=%.2f failed=%s%n",
        scenario,
        concurrency,
        bulkSize,
        seconds,
        requests.sum() / seconds,
        events.sum() / seconds,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        latency.getMaxValue() / 1000.0,
        failed);
    // The figure that scales: CPU per durable call, whatever else shares the machine's cores.
    Map<String, Long> perRequest = new LinkedHashMap<>();
    Map<String, Long> perEvent = new LinkedHashMap<>();
    cpuSeconds.forEach(
        (name, cpu) -> {
          perRequest.put(name, Math.round(cpu * 1e6 / Math.max(1, requests.sum())));
          perEvent.put(name, Math.round(cpu * 1e6 / Math.max(1, events.sum())));
        });
    if (!cpuSeconds.isEmpty()) {
      System.out.printf(
          "scenario=%s cpu_us_per_request=%s cpu_us_per_event=%s%n",
          scenario, perRequest, perEvent);
    }
    if (options.containsKey("results")) {
      ObjectNode run = Elasticsearch.JSON.createObjectNode();
      run.put("scenario", scenario);
      run.put("concurrency", concurrency);
      run.put("bulk", bulkSize);
      run.put("seconds", seconds);
      run.put("requests_per_s", Math.round(requests.sum() / seconds));
      run.put("events_per_s", Math.round(events.sum() / seconds));
      run.put("p50_ms", latency.getValueAtPercentile(50) / 1000.0);
      run.put("p99_ms", latency.getValueAtPercentile(99) / 1000.0);
      run.putPOJO("failed", failed);
      run.putPOJO("cpu_us_per_request", perRequest);
      run.putPOJO("cpu_us_per_event", perEvent);
      ResultsFile.appendRun(Path.of(options.get("results")), run);
    }
  }

  /** The prepared requests of one client, over and over. */
  private static final class Cycle implements Supplier<Object> {
    private final List<Object> requests;
    private int next;

    Cycle(List<Object> requests) {
      this.requests = requests;
    }

    @Override
    public Object get() {
      return requests.get(next++ % requests.size());
    }
  }

  private int intOption(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
  }
}
