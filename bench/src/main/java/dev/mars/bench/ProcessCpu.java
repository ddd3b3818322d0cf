package dev.mars.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * CPU time of named processes and all their descendants (a launcher script's java, say), from /proc
 * (Linux): user + system, in seconds; and, by their threads' names, what of it the JVMs spent
 * compiling (the JIT's compiler threads) and collecting garbage (G1's threads).
 */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Map<String, Long> pids;

  /**
   * @param pids name=pid pairs, comma-separated (empty for none)
   */
  ProcessCpu(String pids) {
    this.pids = new LinkedHashMap<>();
    for (String pair : pids.split(",")) {
      if (pair.contains("=")) {
        String[] nameAndPid = pair.split("=");
        this.pids.put(nameAndPid[0], Long.parseLong(nameAndPid[1]));
      }
    }
  }

  /** What a JVM thread does, told by its name (/proc's {@code comm}, 15 characters at most). */
  enum Kind {
    JIT,
    GC,
    OTHER;

    /** Of a thread's name or of its {@link #groupOf group}. */
    static Kind of(String threadName) {
      if (threadName.matches("C[12N] CompilerThre.*")) {
        return JIT;
      }
      if (threadName.startsWith("GC Thread") || threadName.matches("G[1N] .*")) {
        return GC;
      }
      return OTHER;
    }
  }

  /**
   * The seconds of {@link #secondsByThreadGroup() one part's thread groups} by {@link Kind}:
   * differences between two of these are a lower bound for {@code JIT} and {@code GC}, whose
   * threads HotSpot keeps for the process's life once it has made them.
   */
  static Map<Kind, Double> byKind(Map<String, Double> groups) {
    Map<Kind, Double> kinds = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      kinds.put(kind, 0.0);
    }
    groups.forEach((group, seconds) -> kinds.merge(Kind.of(group), seconds, Double::sum));
    return kinds;
  }

  /**
   * Each part's CPU seconds by group of threads: their names with numbers as {@code N} ({@code "I/O
   * dispatcher N"}, {@code "message-lifecyc"}), threads that ended meanwhile left out.
   */
  Map<String, Map<String, Double>> secondsByThreadGroup() {
    Map<String, Map<String, Double>> byPart = new LinkedHashMap<>();
    Map<Long, Long> parents = parents();
    pids.forEach(
        (name, root) -> {
          Map<String, Double> groups = new TreeMap<>();
          for (long pid : parents.keySet()) {
            if (descends(pid, root, parents)) {
              addThreads(pid, groups);
            }
          }
          byPart.put(name, groups);
        });
    return byPart;
  }

  static String groupOf(String threadName) {
    return threadName.replaceAll("[0-9]+", "N").strip();
  }

  private static void addThreads(long pid, Map<String, Double> groups) {
    try (DirectoryStream<Path> threads =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path thread : threads) {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double seconds =
              (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
          groups.merge(groupOf(name), seconds, Double::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended while we looked
        }
      }
    } catch (IOException gone) {
      // the process ended while we looked
    }
  }

  private static Map<Long, Long> parents() {
    Map<Long, Long> parents = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          String stat = Files.readString(process.resolve("stat"));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          parents.put(Long.parseLong(process.getFileName().toString()), Long.parseLong(fields[1]));
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parents;
  }

  Map<String, Double> seconds() {
    Map<Long, Long> parents = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        try {
          String stat = Files.readString(process.resolve("stat"));
          // Fields after the command name (which may hold spaces) start after its closing ')'.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long pid = Long.parseLong(process.getFileName().toString());
          parents.put(pid, Long.parseLong(fields[1]));
          ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException gone) {
          // the process ended while we looked
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    pids.forEach(
        (name, root) -> {
          long sum = 0;
          for (Map.Entry<Long, Long> process : ticks.entrySet()) {
            if (descends(process.getKey(), root, parents)) {
              sum += process.getValue();
            }
          }
          seconds.put(name, sum / TICKS_PER_SECOND);
        });
    return seconds;
  }

  /** CPU seconds spent between two moments still to come, measured on a thread of its own. */
  Window window() {
    return new Window();
  }

  final class Window {
    private final CompletableFuture<Map<String, Double>> spent = new CompletableFuture<>();

    /** Starts measuring at {@code fromNanos} and stops at {@code toNanos} (System.nanoTime). */
    void measureBetween(long fromNanos, long toNanos) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  sleepUntil(fromNanos);
                  Map<String, Double> before = seconds();
                  sleepUntil(toNanos);
                  Map<String, Double> after = seconds();
                  Map<String, Double> difference = new LinkedHashMap<>();
                  after.forEach((name, s) -> difference.put(name, s - before.get(name)));
                  spent.complete(difference);
                } catch (InterruptedException e) {
                  spent.completeExceptionally(e);
                }
              },
              "process-cpu");
      thread.setDaemon(true);
      thread.start();
    }

    /** The seconds each process spent in the window, once it is over. */
    Map<String, Double> await() {
      return spent.join();
    }

    private void sleepUntil(long nanos) throws InterruptedException {
      long left;
      while ((left = nanos - System.nanoTime()) > 0) {
        Thread.sleep(Math.max(1, left / 1_000_000));
      }
    }
  }

  private static boolean descends(long pid, long root, Map<Long, Long> parents) {
    for (long p = pid; p > 1; p = parents.getOrDefault(p, 0L)) {
      if (p == root) {
        return true;
      }
    }
    return false;
  }
}
