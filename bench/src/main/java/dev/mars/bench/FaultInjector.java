package dev.mars.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A fault during the measured run: a shell command that breaks a part (a {@code kill -9}), and one
 * that brings it back some seconds later. Records when each ran, so that recovery is counted from
 * the real moment of the fault.
 */
final class FaultInjector {

  private final String fault;
  private final String restore;
  private final long restoreAfterMs;
  private volatile long faultAt;
  private volatile long restoredAt;
  private volatile String problem;
  private Thread thread;

  FaultInjector(String fault, String restore, long restoreAfterSeconds) {
    this.fault = fault;
    this.restore = restore;
    this.restoreAfterMs = TimeUnit.SECONDS.toMillis(restoreAfterSeconds);
  }

  boolean planned() {
    return !fault.isBlank();
  }

  /** Strikes {@code afterSeconds} from now, in the background. */
  void schedule(long afterSeconds) {
    thread =
        new Thread(
            () -> {
              try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(afterSeconds)); // when the fault strikes
                faultAt = System.currentTimeMillis();
                run(fault);
                System.out.println("  !! fault: " + fault);
                Thread.sleep(restoreAfterMs); // how long the part stays down
                if (!restore.isBlank()) {
                  run(restore);
                }
                restoredAt = System.currentTimeMillis();
                System.out.printf(
                    "  !! restored after %.0f s: %s%n", (restoredAt - faultAt) / 1e3, restore);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
              }
            },
            "fault");
    thread.start();
  }

  /** Waits until the part is back (or its restore failed); false if it did not come back. */
  boolean awaitRestored() throws InterruptedException {
    thread.join();
    if (problem != null) {
      System.out.println("  !! " + problem);
    }
    return problem == null && restoredAt > 0;
  }

  long faultAt() {
    return faultAt;
  }

  long downMs() {
    return restoredAt - faultAt;
  }

  private static void run(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IOException("'" + command + "' exited with " + process.exitValue());
    }
  }
}
