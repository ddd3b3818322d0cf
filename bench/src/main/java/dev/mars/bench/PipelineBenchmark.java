package dev.mars.bench;

import java.net.URI;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end benchmark: the standard workload at a set rate over bulk HTTP into a running Mars
 * (ingest-api, Kafka, the job, Elasticsearch, all on this machine), measured for a set time after a
 * warm-up, then drained and verified. Prints accepted events/s, Elasticsearch writes/s and what
 * windowing saved, created→searchable latency, CPU per million events for every process, and the
 * verification: every acknowledged event in Elasticsearch exactly once, every stuck message the one
 * the workload made stuck.
 *
 * <pre>
 * --ingest http://127.0.0.1:4000  --elasticsearch http://127.0.0.1:9200  --index mars-messages
 * --kafka 127.0.0.1:9092  --topic mars.events  --rate 30000  --warmup 30  --duration 300
 * --bulk-size 200  --linger-ms 0  --clients 8  --seed 42  --pids name=pid,…
 * </pre>
 */
public final class PipelineBenchmark {

  private final Map<String, String> options;

  private PipelineBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    System.exit(new PipelineBenchmark(CommandLine.options(args)).run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    double rate = Double.parseDouble(option("rate", "30000"));
    int warmup = Integer.parseInt(option("warmup", "30"));
    int duration = Integer.parseInt(option("duration", "300"));
    String index = option("index", "mars-messages");
    String topic = option("topic", "mars.events");
    Elasticsearch elasticsearch =
        new Elasticsearch(option("elasticsearch", "http://127.0.0.1:9200"));
    ProcessCpu cpu = new ProcessCpu(option("pids", ""));
    Ledger ledger = new Ledger();
    SearchableProbe probe = new SearchableProbe(elasticsearch, index, (int) Math.max(1, rate / 50));
    PacedLoad load =
        new PacedLoad(
            Long.parseLong(option("seed", "42")),
            rate,
            Integer.parseInt(option("bulk-size", "200")),
            Long.parseLong(option("linger-ms", "0")),
            Integer.parseInt(option("clients", "8")),
            URI.create(option("ingest", "http://127.0.0.1:4000")),
            Long.parseLong(option("retry-seconds", "120")),
            events -> {
              ledger.acknowledged(events);
              probe.acknowledged(events);
            },
            ledger::givenUp);

    System.out.printf(
        "# pipeline benchmark: %.0f events/s offered, %d s measured after %d s of warm-up,"
            + " bulk of at most %s, client linger %s ms, %s clients, %d cores%n",
        rate,
        duration,
        warmup,
        option("bulk-size", "200"),
        option("linger-ms", "0"),
        option("clients", "8"),
        Runtime.getRuntime().availableProcessors());
    try (MalformedRecords malformed =
        new MalformedRecords(option("kafka", "127.0.0.1:9092"), topic)) {
      long deadLettersBefore = malformed.recordsIn(topic + ".dlq");
      probe.start();
      load.start();
      malformed.start(rate / 1000);
      progress(load, warmup);

      long acknowledged0 = load.acknowledged();
      long writes0 = elasticsearch.indexedTotal(index);
      Map<String, Double> cpu0 = cpu.seconds();
      long t0 = System.nanoTime();
      probe.measure(true);
      progress(load, duration);
      probe.measure(false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long acknowledged = load.acknowledged() - acknowledged0;
      long writes = elasticsearch.indexedTotal(index) - writes0;
      Map<String, Double> cpu1 = cpu.seconds();
      int backlog = load.backlog();

      long drainStart = System.nanoTime();
      malformed.stop();
      load.finish();
      boolean stored = await(180, () -> storedEvents(elasticsearch, index) >= ledger.events());
      double drained = (System.nanoTime() - drainStart) / 1e9;
      // The workload's longest deadline is 60 s after a message starts, plus allowed lateness.
      boolean settled = await(150, () -> count(elasticsearch, index, "in_progress") == 0);
      Histogram latency = probe.finish();
      long deadLetterRecords = malformed.recordsIn(topic + ".dlq") - deadLettersBefore;
      long deadLetters = malformed.distinctRecordsIn(topic + ".dlq");
      IndexVerifier.Report report =
          new IndexVerifier(
                  elasticsearch, index, Boolean.parseBoolean(option("late-allowed", "true")))
              .verify(ledger);

      System.out.printf(
          "accepted_events_per_s=%.0f (offered %.0f; due but unsent at the end %d; refused and"
              + " retried requests %d; events given up %d)%n",
          acknowledged / seconds, rate, backlog, load.refusals(), load.lost());
      System.out.printf(
          "elasticsearch_writes_per_s=%.0f writes_per_event=%.3f write_reduction_by_windowing=%.1f%%"
              + " (messages %d, writes per message %.2f over the run)%n",
          writes / seconds,
          (double) writes / acknowledged,
          100.0 * (1 - (double) writes / acknowledged),
          ledger.messages(),
          (double) elasticsearch.indexedTotal(index) / ledger.messages());
      System.out.printf(
          "created_to_searchable_ms p50=%d p99=%d max=%d (%d probes, %d not found in 120 s,"
              + " polled every %d ms)%n",
          latency.getValueAtPercentile(50),
          latency.getValueAtPercentile(99),
          latency.getMaxValue(),
          latency.getTotalCount(),
          probe.givenUp(),
          SearchableProbe.POLL_MS);
      StringBuilder perMillion = new StringBuilder("cpu_seconds_per_million_events");
      cpu1.forEach(
          (name, s) ->
              perMillion.append(
                  String.format(" %s=%.1f", name, (s - cpu0.get(name)) / acknowledged * 1e6)));
      System.out.println(perMillion);
      System.out.printf(
          "drain: all acknowledged events stored %s %.0f s after the load stopped; no message"
              + " in progress: %s%n",
          stored ? "" : "NOT", drained, settled);
      System.out.printf(
          "verification: messages=%d events=%d documents=%d missing_documents=%d"
              + " unexpected_documents=%d event_mismatches=%d status_mismatches=%d"
              + " stuck_expected=%d stuck_found=%d statuses=%s dead_letters=%d/%d (%d repeated) -> %s%n",
          ledger.messages(),
          ledger.events(),
          report.documents,
          report.missingDocuments,
          report.unexpectedDocuments,
          report.eventMismatches,
          report.statusMismatches,
          report.stuckExpected,
          report.stuckFound,
          report.statuses,
          deadLetters,
          malformed.written(),
          deadLetterRecords - deadLetters,
          report.passed() && deadLetters == malformed.written() ? "PASS" : "FAIL");
      report.examples.forEach(example -> System.out.println("  " + example));
      return report.passed() && deadLetters == malformed.written();
    }
  }

  private static void progress(PacedLoad load, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long last = load.acknowledged();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      long now = load.acknowledged();
      System.out.printf(
          "  ... %d events acknowledged (%d in the last period), %d due but unsent%n",
          now, now - last, load.backlog());
      last = now;
    }
  }

  private static long storedEvents(Elasticsearch elasticsearch, String index) {
    try {
      return elasticsearch
          .post(
              "/" + index + "/_search",
              "{\"size\":0,\"aggs\":{\"events\":{\"sum\":{\"field\":\"event_count\"}}}}",
              "application/json")
          .at("/aggregations/events/value")
          .asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long count(Elasticsearch elasticsearch, String index, String status) {
    try {
      return elasticsearch
          .post(
              "/" + index + "/_count",
              "{\"query\":{\"term\":{\"status\":\"" + status + "\"}}}",
              "application/json")
          .get("count")
          .asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Polls {@code done} every second for at most {@code seconds}. */
  private static boolean await(int seconds, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      if (done.getAsBoolean()) {
        return true;
      }
      Thread.sleep(1_000);
    }
    return done.getAsBoolean();
  }

  private String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }
}
