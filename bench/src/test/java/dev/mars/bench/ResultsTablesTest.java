package dev.mars.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultsTablesTest {

  @Test
  void aPipelineRowSumsThePartsAndNamesWhatDiffersFromTheDefaults() throws Exception {
    String row =
        PipelineTable.row(
            Elasticsearch.JSON.readTree(
                """
                {"settings":{"revision":"abc1234","rate":"6000","duration":"120","warmup":"60",
                  "linger-ms":"100","counter-bulk-size":"100",
                  "job-args":"--state.ttl.hours 0.02 --window.ms 2000"},
                 "accepted_events_per_s":6012,"elasticsearch_writes_per_message":1.04,
                 "latency_p50_ms":1234,"latency_p99_ms":2890,
                 "cpu_seconds_per_million_events":{"kafka":20,"elasticsearch":60.4,
                   "flink-job":30,"ingest-api":10,"dashboard-api":5},
                 "verification":{"passed":true,"events":720000,"messages":144000}}"""));

    assertThat(row)
        .startsWith("| abc1234 | 6,000 ev/s, 120 s after 60 s, `--window.ms 2000` |")
        .contains("| 1.04 |", "1.2 s / 2.9 s", "20 / 60 / 30 / 10 / 5 = 125", "PASS (720,000");
  }

  @Test
  void aPipelineRowSaysWhenCountersWentOnePerRequestAndWhatWasProfiled() throws Exception {
    String row =
        PipelineTable.row(
            Elasticsearch.JSON.readTree(
                """
                {"settings":{"revision":"abc1234","rate":"6000","duration":"120","warmup":"60",
                  "linger-ms":"100","profiled":"cpu of flink-job"},
                 "verification":{"passed":true,"events":1,"messages":1}}"""));

    assertThat(row)
        .startsWith(
            "| abc1234 | 6,000 ev/s, 120 s after 60 s, counters one per request,"
                + " profiled (cpu of flink-job) |");
  }

  @Test
  void aJvmThreadsRowGivesEachPartsCompilingAndCollectingAndSaysWhenARunDidNotSplitThem()
      throws Exception {
    String row =
        JvmThreadsTable.row(
            Elasticsearch.JSON.readTree(
                """
                {"settings":{"revision":"abc1234","rate":"6000","counter-bulk-size":"100",
                   "duration":"120","warmup":"600"},
                 "cpu_seconds_per_million_events":{"kafka":20,"elasticsearch":60,
                   "flink-job":30,"ingest-api":10,"dashboard-api":5},
                 "jit_cpu_seconds_per_million_events":{"kafka":1,"elasticsearch":2,
                   "flink-job":4.4,"ingest-api":1,"dashboard-api":0.2},
                 "gc_cpu_seconds_per_million_events":{"kafka":0.5,"elasticsearch":3,
                   "flink-job":2,"ingest-api":1,"dashboard-api":0}}"""));
    String before =
        JvmThreadsTable.row(
            Elasticsearch.JSON.readTree(
                """
                {"settings":{"revision":"abc1234","rate":"6000","counter-bulk-size":"100"},
                 "cpu_seconds_per_million_events":{"kafka":20,"elasticsearch":60,
                   "flink-job":30,"ingest-api":10,"dashboard-api":5}}"""));

    assertThat(row)
        .isEqualTo(
            "| abc1234 | 6,000 ev/s, 120 s after 600 s | 20 (JIT 1, GC 1) | 60 (JIT 2, GC 3) | 30 (JIT 4, GC 2) |"
                + " 10 (JIT 1, GC 1) | 5 (JIT 0, GC 0) | 125 (JIT 9, GC 7) |");
    assertThat(before).contains("| 30 (–) |", "| 125 (–) |");
  }

  @Test
  void threadGroupsLineUpRunsGroupByGroupAndSayWhereARunHadNone() throws Exception {
    String table =
        ThreadGroupsTable.table(
            "flink-job",
            java.util.List.of(
                Elasticsearch.JSON.readTree(
                    """
                    {"settings":{"revision":"aaa","rate":"6000","counter-bulk-size":"100",
                       "duration":"120","warmup":"120"},
                     "cpu_seconds_per_million_events":{"flink-job":40},
                     "thread_cpu_seconds_per_million_events":{"flink-job":
                       {"message-lifecyc":12.5,"I/O dispatcher N":3}}}"""),
                Elasticsearch.JSON.readTree(
                    """
                    {"settings":{"revision":"bbb","rate":"10000","counter-bulk-size":"100",
                       "duration":"120","warmup":"600",
                       "job-args":"--window.ms 1000"},
                     "cpu_seconds_per_million_events":{"flink-job":30},
                     "thread_cpu_seconds_per_million_events":{"flink-job":
                       {"message-lifecyc":10,"OutputFlusher f":1}}}""")));

    assertThat(table)
        .contains(
            "| flink-job: thread group | aaa, 6,000 ev/s, 120 s after 120 s |"
                + " bbb, 10,000 ev/s, 120 s after 600 s, `--window.ms 1000` |")
        .contains("| `message-lifecyc` | 12.5 | 10.0 |")
        .contains("| `I/O dispatcher N` | 3.0 | – |")
        .contains("| `OutputFlusher f` | – | 1.0 |")
        .contains("| all threads (the process) | 40.0 | 30.0 |");
  }

  @Test
  void anIngestRowGivesCpuPerRequestAndPerEvent() throws Exception {
    String row =
        IngestTable.row(
            "abc1234",
            Elasticsearch.JSON.readTree(
                """
                {"scenario":"http-bulk","concurrency":64,"bulk":100,"requests_per_s":400,
                 "events_per_s":40000,"p50_ms":12.5,"p99_ms":40,
                 "cpu_us_per_request":{"ingest-api":900,"kafka":300},
                 "cpu_us_per_event":{"ingest-api":9,"kafka":3}}"""));

    assertThat(row)
        .isEqualTo(
            "| abc1234 | http-bulk (64 clients, bulks of 100) | 400 | 40,000 | 12.50 / 40.00 ms |"
                + " 900 / 300 | 9 / 3 |");
  }

  @Test
  void cpuByRateFitsFixedCoresAndCostPerEventThroughTheRuns() throws Exception {
    // The job: 0.1 cores at any rate and 20 µs per event, at 2,000 and 6,000 events/s.
    String table =
        CpuByRate.table(
            java.util.List.of(
                CpuByRate.Point.of(run(2000, 70)), CpuByRate.Point.of(run(6000, 36.67))));

    assertThat(table)
        .contains("| 2,000 ev/s | 0.00 | 0.00 | 0.14 |", "| 6,000 ev/s | 0.00 | 0.00 | 0.22 |")
        .contains("| fitted: cores at any rate | 0.00 | 0.00 | 0.10 |")
        .contains("| fitted: CPU-µs per event | 0 | 0 | 20 |");
  }

  private static com.fasterxml.jackson.databind.JsonNode run(int rate, double jobPerMillion)
      throws Exception {
    return Elasticsearch.JSON.readTree(
        """
        {"accepted_events_per_s":%d,"cpu_seconds_per_million_events":{"flink-job":%s}}"""
            .formatted(rate, jobPerMillion));
  }
}
