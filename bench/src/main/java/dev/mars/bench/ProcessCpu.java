package dev.mars.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    Map<Long, Long> parents = parents(stats(Path.of("/proc"), "[0-9]*"));
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
    for (Stat thread : stats(Path.of("/proc", Long.toString(pid), "task"), "*")) {
      groups.merge(groupOf(thread.name()), thread.ticks() / TICKS_PER_SECOND, Double::sum);
    }
  }

  private static Map<Long, Long> parents(List<Stat> processes) {
    Map<Long, Long> parents = new HashMap<>();
    processes.forEach(process -> parents.put(process.id(), process.parent()));
    return parents;
  }

  Map<String, Double> seconds() {
    List<Stat> processes = stats(Path.of("/proc"), "[0-9]*");
    Map<Long, Long> parents = parents(processes);
    Map<String, Double> seconds = new LinkedHashMap<>();
    pids.forEach(
        (name, root) -> {
          long sum = 0;
          for (Stat process : processes) {
            if (descends(process.id(), root, parents)) {
              sum += process.ticks();
            }
          }
          seconds.put(name, sum / TICKS_PER_SECOND);
        });
    return seconds;
  }

  /** A process's or thread's {@code stat}: its id, name, parent and CPU ticks (user + system). */
  private record Stat(long id, String name, long parent, long ticks) {}

  /** The stats of the processes or threads in {@code directory}, those that ended left out. */
  private static List<Stat> stats(Path directory, String glob) {
    List<Stat> stats = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, glob)) {
      for (Path entry : entries) {
        try {
          String stat = Files.readString(entry.resolve("stat"));
          // Fields after the name (which may hold spaces and parentheses) start after the last ')'.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          stats.add(
              new Stat(
                  Long.parseLong(entry.getFileName().toString()),
                  stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                  Long.parseLong(fields[1]),
                  Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
        } catch (IOException | RuntimeException gone) {
          // it ended while we looked
        }
      }
    } catch (IOException gone) {
      // a process whose threads we were after ended; /proc itself is always there
    }
    return stats;
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
