package dev.mars.bench;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;

/**
 * One client of a run: sends a request, waits for its answer, sends the next, until the run ends.
 * With a blocking target it loops on its own thread; with an asynchronous one each answer sends the
 * next request from the target's callback.
 */
final class Client {

  /** What all clients of a run record into. */
  record Results(
      long measureFrom,
      long end,
      int eventsPerRequest,
      Recorder latency,
      LongAdder accepted,
      LongAdder events,
      Map<Integer, LongAdder> failures,
      CountDownLatch done) {

    void record(long start, int status) {
      if (start < measureFrom) {
        return; // warm-up
      }
      latency.recordValue((System.nanoTime() - start) / 1_000);
      if (status == 202 || status == 1000) {
        accepted.increment();
        events.add(eventsPerRequest);
      } else {
        failures.computeIfAbsent(status, s -> new LongAdder()).increment();
      }
    }

    void failed(Throwable error) {
      failures.computeIfAbsent(-1, s -> new LongAdder()).increment();
      System.err.println("client stopped: " + error);
      done.countDown();
    }
  }

  private final Supplier<Object> requests;
  private final Target target;

  Client(Supplier<Object> requests, Target target) {
    this.requests = requests;
    this.target = target;
  }

  void run(Results results) {
    while (System.nanoTime() < results.end()) {
      long start = System.nanoTime();
      CompletableFuture<Integer> status = target.send(requests.get());
      if (!status.isDone()) {
        status.whenComplete(
            (code, error) -> {
              if (error != null) {
                results.failed(error);
              } else {
                results.record(start, code);
                run(results);
              }
            });
        return;
      }
      if (status.isCompletedExceptionally()) {
        results.failed(status.handle((code, error) -> error).join());
        return;
      }
      results.record(start, status.join());
    }
    results.done().countDown();
  }
}
