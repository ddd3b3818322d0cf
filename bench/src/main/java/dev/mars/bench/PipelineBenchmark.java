package dev.mars.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * The end-to-end benchmark: the standard workload at a set rate over bulk HTTP into a running Mars
 * (ingest-api, Kafka, the job, Elasticsearch, all on this machine), measured for a set time after a
 * warm-up, then drained and verified. Prints accepted events/s, Elasticsearch writes/s and what
 * windowing saved, created→searchable latency, CPU per million events for every process, what
 * clients saw (refusals, broken connections, fail-overs), and the verification, read independently
 * of Mars: every acknowledged event in its document exactly once, every status as the workload says
 * (the stuck set exactly the seeded one), every counter exact, every status change once in the
 * alerts topic, every malformed record in the dead-letter topic; with dashboards given, a live-feed
 * client holding every document's final version. With a fault, also how long the pipeline took to
 * be back to normal.
 *
 * <pre>
 * --ingest http://127.0.0.1:4000[,http://…]  --elasticsearch http://127.0.0.1:9200
 * --kafka 127.0.0.1:9092  --index mars-messages  --counters-index mars-counters
 * --topic mars.events  --alerts-topic mars.alerts  --dashboards http://127.0.0.1:4001[,…]
 * --rate 30000  --warmup 30  --duration 300  --bulk-size 200  --linger-ms 0  --clients 8
 * --seed 42  --app-prefix ""  --pids name=pid,…  --retry-seconds 120  --late-allowed true
 * --fault "kill -9 …"  --fault-at 20  --restore "…"  --restore-after 15  --results file.json
 * --probe-patience 120 (seconds a latency probe is looked for before the run fails)
 * --counter-bulk-size (default: the bulk size; 1 sends one POST /increment per increment)
 * </pre>
 */
public final class PipelineBenchmark {

  private final Map<String, String> options;

  private PipelineBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new PipelineBenchmark(CommandLine.options(args)).run() ? 0 : 1;
    } catch (Exception e) {
      // Its clients' threads would keep the JVM (and a fault run waiting on it) alive.
      e.printStackTrace();
      status = 2;
    }
    System.exit(status);
  }

  private boolean run() throws Exception {
    double rate = Double.parseDouble(option("rate", "30000"));
    int warmup = Integer.parseInt(option("warmup", "30"));
    int duration = Integer.parseInt(option("duration", "300"));
    String index = option("index", "mars-messages");
    String topic = option("topic", "mars.events");
    String prefix = option("app-prefix", "");
    long retrySeconds = Long.parseLong(option("retry-seconds", "120"));
    List<URI> ingest = uris(option("ingest", "http://127.0.0.1:4000"));
    Elasticsearch elasticsearch =
        new Elasticsearch(option("elasticsearch", "http://127.0.0.1:9200"));
    ProcessCpu cpu = new ProcessCpu(option("pids", ""));
    // The deadlines the job judges by, from its own lifecycle file.
    Ledger ledger =
        new Ledger(
            LifecycleDeadlines.read(
                Path.of(option("lifecycles", "flink-job/src/main/resources/lifecycles.yaml"))),
            Long.parseLong(option("allowed-lateness-ms", "5000")));
    CounterLedger counters = new CounterLedger();
    RetryingSender.Seen seen = new RetryingSender.Seen();
    CounterLoad counterLoad =
        new CounterLoad(
            ingest,
            retrySeconds,
            Integer.parseInt(option("counter-bulk-size", option("bulk-size", "200"))),
            Long.parseLong(option("linger-ms", "0")),
            seen,
            counters);
    long probePatience = Long.parseLong(option("probe-patience", "120"));
    SearchableProbe probe =
        new SearchableProbe(
            elasticsearch, index, (int) Math.max(1, rate / 50), probePatience * 1_000, prefix);
    PacedLoad load =
        new PacedLoad(
            Long.parseLong(option("seed", "42")),
            rate,
            Integer.parseInt(option("bulk-size", "200")),
            Long.parseLong(option("linger-ms", "0")),
            Integer.parseInt(option("clients", "8")),
            ingest,
            prefix,
            retrySeconds,
            seen,
            (events, sentAt) -> {
              ledger.acknowledged(events);
              probe.acknowledged(events, sentAt);
              counterLoad.acknowledged(events);
            },
            ledger::givenUp);
    FaultInjector fault =
        new FaultInjector(
            option("fault", ""),
            option("restore", ""),
            Long.parseLong(option("restore-after", "15")));
    LiveWatcher live =
        options.containsKey("dashboards") ? new LiveWatcher(uris(option("dashboards", ""))) : null;
    ObjectNode results = Elasticsearch.JSON.createObjectNode();
    results.putPOJO("settings", options);
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("date", java.time.Instant.now().toString());

    System.out.printf(
        "# pipeline benchmark: %.0f events/s offered, %d s measured after %d s of warm-up,"
            + " bulk of at most %s, client linger %s ms, %s clients, %d ingest instance(s),"
            + " %d cores%n",
        rate,
        duration,
        warmup,
        option("bulk-size", "200"),
        option("linger-ms", "0"),
        option("clients", "8"),
        ingest.size(),
        Runtime.getRuntime().availableProcessors());
    try (MalformedRecords malformed =
            new MalformedRecords(
                option("kafka", "127.0.0.1:9092"),
                topic,
                prefix + Long.toHexString(System.nanoTime()));
        LiveWatcher watcher = live) {
      if (watcher != null) {
        watcher.start();
      }
      probe.start();
      counterLoad.start();
      load.start();
      malformed.start(rate / 1000);
      progress(load, warmup);

      long acknowledged0 = load.acknowledged();
      long writes0 = elasticsearch.indexedTotal(index);
      long stored0 = storedEvents(elasticsearch, index, prefix);
      long searches0 = elasticsearch.searchesTotal();
      Map<String, Double> cpu0 = cpu.seconds();
      Map<String, Map<String, Double>> threads0 = cpu.secondsByThreadGroup();
      long t0 = System.nanoTime();
      probe.measure(true);
      if (fault.planned()) {
        fault.schedule(Long.parseLong(option("fault-at", "20")));
      }
      progress(load, duration);
      probe.measure(false);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long acknowledged = load.acknowledged() - acknowledged0;
      int backlog = load.backlog();
      boolean restored = !fault.planned() || fault.awaitRestored();

      long drainStart = System.nanoTime();
      malformed.stop();
      load.finish();
      counterLoad.finish();
      boolean stored =
          await(180, () -> storedEvents(elasticsearch, index, prefix) >= ledger.events());
      double drained = (System.nanoTime() - drainStart) / 1e9;
      // CPU and writes over the load and its drain, per event processed meanwhile: what a lagging
      // pipeline still owes at the end of the load is counted too.
      Map<String, Double> cpu1 = cpu.seconds();
      Map<String, Map<String, Double>> threads1 = cpu.secondsByThreadGroup();
      // Unknown when Elasticsearch is down now, or was restarted (its counts start again).
      long writes = writesSince(elasticsearch, index, writes0);
      long stored1 = storedEvents(elasticsearch, index, prefix);
      long processed = stored0 >= 0 && stored1 > stored0 ? stored1 - stored0 : acknowledged;
      long searches = searchesSince(elasticsearch, searches0);
      // The workload's longest deadline is 60 s after a message starts, plus allowed lateness.
      boolean settled = await(150, () -> inProgress(elasticsearch, index, prefix) == 0);
      Histogram latency = probe.finish();

      IndexVerifier.Report report =
          new IndexVerifier(
                  elasticsearch,
                  index,
                  Boolean.parseBoolean(option("late-allowed", "true")),
                  prefix)
              .verify(ledger);
      String countersIndex = option("counters-index", "mars-counters");
      // Counters and alerts follow the documents by up to a window and a checkpoint.
      await(60, () -> verifyCounters(counters, elasticsearch, countersIndex).passed());
      CounterLedger.Report counterReport = verifyCounters(counters, elasticsearch, countersIndex);
      AlertVerifier alertVerifier =
          new AlertVerifier(
              option("kafka", "127.0.0.1:9092"), option("alerts-topic", "mars.alerts"), prefix);
      await(60, () -> alertVerifier.verify(report.statusOf).passed());
      AlertVerifier.Report alerts = alertVerifier.verify(report.statusOf);
      MalformedRecords.DeadLetters deadLetters = malformed.deadLetters(topic + ".dlq");
      long liveMissing = 0;
      if (watcher != null) {
        await(60, () -> watcher.missing(report.versionOf) == 0);
        liveMissing = watcher.missing(report.versionOf);
      }

      results.put("accepted_events_per_s", Math.round(acknowledged / seconds));
      results.put("events_processed", processed);
      if (searches >= 0) {
        // Shard-level queries: the live feed, read-backs, the dashboards' counts, the probes.
        results.put("elasticsearch_searches_per_s", Math.round(searches / (seconds + drained)));
        System.out.printf(
            "elasticsearch_searches_per_s=%.0f (shard queries, the benchmark's own probes"
                + " included)%n",
            searches / (seconds + drained));
      }
      results.put("drained_s", Math.round(drained));
      if (writes >= 0) {
        results.put("elasticsearch_writes_per_event", (double) writes / processed);
        results.put(
            "elasticsearch_writes_per_message",
            (double) writes * PacedLoad.EVENTS_PER_MESSAGE / processed);
      }
      System.out.printf(
          "accepted_events_per_s=%.0f (offered %.0f; due but unsent at the end %d; events given"
              + " up %d)%n",
          acknowledged / seconds, rate, backlog, load.lost());
      System.out.printf(
          "clients_saw refused=%d broken_connections=%d failovers=%d given_up_events=%d"
              + " (refused and retried requests %d)%n",
          seen.refused.sum(), seen.broken.sum(), seen.failovers.sum(), load.lost(), seen.retried());
      results.put("refused_requests", seen.refused.sum());
      results.put("broken_connections", seen.broken.sum());
      results.put("failovers", seen.failovers.sum());
      results.put("given_up_events", load.lost());
      if (writes < 0) {
        System.out.println(
            "elasticsearch_writes_per_s unknown: Elasticsearch was down or restarted");
      } else {
        System.out.printf(
            "elasticsearch_writes_per_s=%.0f writes_per_event=%.3f"
                + " write_reduction_by_windowing=%.1f%% (messages %d, writes per message %.2f)%n",
            writes / (seconds + drained),
            (double) writes / processed,
            100.0 * (1 - (double) writes / processed),
            ledger.messages(),
            writes * PacedLoad.EVENTS_PER_MESSAGE / processed);
      }
      System.out.printf(
          "created_to_searchable_ms p50=%d p99=%d max=%d (%d probes, %d not found in %d s,"
              + " polled every %d ms, then every twentieth of their age)%n",
          latency.getValueAtPercentile(50),
          latency.getValueAtPercentile(99),
          latency.getMaxValue(),
          latency.getTotalCount(),
          probe.givenUp(),
          probePatience,
          SearchableProbe.POLL_MS);
      Histogram fromSend = probe.fromSend();
      System.out.printf(
          "sent_to_searchable_ms p50=%d p99=%d max=%d (from the request's first send)%n",
          fromSend.getValueAtPercentile(50),
          fromSend.getValueAtPercentile(99),
          fromSend.getMaxValue());
      results.put("latency_from_send_p50_ms", fromSend.getValueAtPercentile(50));
      results.put("latency_from_send_p99_ms", fromSend.getValueAtPercentile(99));
      results.put("latency_p50_ms", latency.getValueAtPercentile(50));
      results.put("latency_p99_ms", latency.getValueAtPercentile(99));
      results.put("latency_max_ms", latency.getMaxValue());
      results.put("probes_given_up", probe.givenUp());
      if (fault.planned()) {
        Recovery.Result recovery = Recovery.after(fault.faultAt(), probe.samples());
        System.out.printf(
            "fault: down %.0f s, restored %s; recovered_after_s=%s (normal: searchable within %d"
                + " ms; %d probes slower)%n",
            fault.downMs() / 1e3,
            restored ? "yes" : "NO",
            recovery.recoveredAfterMs() < 0
                ? "never"
                : String.format("%.1f", recovery.recoveredAfterMs() / 1e3),
            recovery.normalMs(),
            recovery.slowed());
        results.put("down_s", fault.downMs() / 1e3);
        results.put("restored", restored);
        results.put("recovered_after_s", recovery.recoveredAfterMs() / 1e3);
        results.put("normal_latency_ms", recovery.normalMs());
      }
      StringBuilder perMillion =
          new StringBuilder(
              "cpu_seconds_per_million_events (load and drain, " + processed + " events)");
      ObjectNode cpuResults = results.putObject("cpu_seconds_per_million_events");
      cpu1.forEach(
          (name, s) -> {
            double perM = (s - cpu0.get(name)) / processed * 1e6;
            perMillion.append(String.format(" %s=%.1f", name, perM));
            cpuResults.put(name, Math.round(perM * 10) / 10.0);
          });
      System.out.println(perMillion);
      perThread(results, threads0, threads1, processed);
      System.out.printf(
          "drain: all acknowledged events stored %s %.0f s after the load stopped; no message"
              + " in progress: %s%n",
          stored ? "" : "NOT", drained, settled);
      if (watcher != null) {
        System.out.printf(
            "live feed: %d reconnects, %d versions caught up from /api/changes, longest gap %d"
                + " ms, documents whose final version it missed: %d%n",
            watcher.reconnects(), watcher.caughtUp(), watcher.longestGapMs(), liveMissing);
        results.put("live_reconnects", watcher.reconnects());
        results.put("live_missing", liveMissing);
      }
      boolean passed =
          report.passed()
              && counterReport.passed()
              && alerts.passed()
              && deadLetters.passed()
              && liveMissing == 0
              && probe.givenUp() == 0
              && restored;
      System.out.printf(
          "verification: messages=%d events=%d documents=%d missing_documents=%d"
              + " unexpected_documents=%d event_mismatches=%d status_mismatches=%d"
              + " stuck_expected=%d stuck_found=%d statuses=%s counters=%d counter_mismatches=%d"
              + " alerts=%d alert_mismatches=%d alerts_repeated=%d"
              + " dead_letters=%d/%d (%d without reason, %d repeated) live_missing=%d -> %s%n",
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
          counterReport.counters(),
          counterReport.mismatches(),
          alerts.alerts(),
          alerts.mismatches(),
          alerts.repeated(),
          deadLetters.found(),
          deadLetters.written(),
          deadLetters.withoutReason(),
          deadLetters.repeated(),
          liveMissing,
          passed ? "PASS" : "FAIL");
      report.examples.forEach(example -> System.out.println("  " + example));
      counterReport.examples().forEach(example -> System.out.println("  " + example));
      alerts.examples().forEach(example -> System.out.println("  " + example));
      ObjectNode verification = results.putObject("verification");
      verification.put("messages", ledger.messages());
      verification.put("events", ledger.events());
      verification.put("documents", report.documents);
      verification.put("missing_documents", report.missingDocuments);
      verification.put("unexpected_documents", report.unexpectedDocuments);
      verification.put("event_mismatches", report.eventMismatches);
      verification.put("status_mismatches", report.statusMismatches);
      verification.put("stuck_expected", report.stuckExpected);
      verification.put("stuck_found", report.stuckFound);
      verification.putPOJO("statuses", report.statuses);
      verification.put("counters", counterReport.counters());
      verification.put("counter_mismatches", counterReport.mismatches());
      verification.put("alerts", alerts.alerts());
      verification.put("alert_mismatches", alerts.mismatches());
      verification.put("alerts_repeated", alerts.repeated());
      verification.put("dead_letters", deadLetters.found());
      verification.put("dead_letters_written", deadLetters.written());
      verification.put("passed", passed);
      if (options.containsKey("results")) {
        Elasticsearch.JSON
            .writerWithDefaultPrettyPrinter()
            .writeValue(new File(option("results", "")), results);
      }
      return passed;
    }
  }

  /**
   * Each part's CPU per million events that its JVM spent compiling and collecting, and by group of
   * threads (the groups above 0.1 CPU-s per million).
   */
  private static void perThread(
      ObjectNode results,
      Map<String, Map<String, Double>> before,
      Map<String, Map<String, Double>> after,
      long processed) {
    ObjectNode groupResults = results.putObject("thread_cpu_seconds_per_million_events");
    Map<String, Map<ProcessCpu.Kind, Double>> kinds = new LinkedHashMap<>();
    after.forEach(
        (part, groups) -> {
          Map<String, Double> spent = new LinkedHashMap<>();
          groups.forEach(
              (group, s) ->
                  spent.put(
                      group, (s - before.get(part).getOrDefault(group, 0.0)) / processed * 1e6));
          kinds.put(part, ProcessCpu.byKind(spent));
          ObjectNode partResults = groupResults.putObject(part);
          spent.entrySet().stream()
              .filter(group -> group.getValue() >= 0.1)
              .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
              .forEach(
                  group ->
                      partResults.put(group.getKey(), Math.round(group.getValue() * 10) / 10.0));
        });
    for (ProcessCpu.Kind kind : List.of(ProcessCpu.Kind.JIT, ProcessCpu.Kind.GC)) {
      String key = kind.name().toLowerCase(Locale.ROOT) + "_cpu_seconds_per_million_events";
      StringBuilder line = new StringBuilder(key + " (of the above)");
      ObjectNode kindResults = results.putObject(key);
      kinds.forEach(
          (part, byKind) -> {
            line.append(String.format(" %s=%.1f", part, byKind.get(kind)));
            kindResults.put(part, Math.round(byKind.get(kind) * 10) / 10.0);
          });
      System.out.println(line);
    }
    System.out.println(
        "thread_cpu_seconds_per_million_events (by group of threads) " + groupResults);
  }

  private static CounterLedger.Report verifyCounters(
      CounterLedger counters, Elasticsearch elasticsearch, String index) {
    try {
      return counters.verify(elasticsearch, index);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CounterLedger.Report(0, 1, List.of("interrupted"));
    }
  }

  private static List<URI> uris(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).map(URI::create).toList();
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

  private static long storedEvents(Elasticsearch elasticsearch, String index, String prefix) {
    try {
      return elasticsearch
          .post(
              "/" + index + "/_search",
              """
              {"size":0,"query":{"prefix":{"app_id":"%s"}},
               "aggs":{"events":{"sum":{"field":"event_count"}}}}"""
                  .formatted(prefix),
              "application/json")
          .at("/aggregations/events/value")
          .asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long inProgress(Elasticsearch elasticsearch, String index, String prefix) {
    try {
      return elasticsearch
          .post(
              "/" + index + "/_count",
              """
              {"query":{"bool":{"filter":[{"term":{"status":"in_progress"}},
               {"prefix":{"app_id":"%s"}}]}}}"""
                  .formatted(prefix),
              "application/json")
          .get("count")
          .asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Polls {@code done} every second for at most {@code seconds}. */
  private static long writesSince(Elasticsearch elasticsearch, String index, long before)
      throws InterruptedException {
    try {
      long now = elasticsearch.indexedTotal(index);
      return now >= before ? now - before : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static long searchesSince(Elasticsearch elasticsearch, long before)
      throws InterruptedException {
    try {
      long now = elasticsearch.searchesTotal();
      return now >= before ? now - before : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

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
