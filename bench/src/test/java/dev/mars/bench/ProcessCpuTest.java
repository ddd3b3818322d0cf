package dev.mars.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

  @Test
  void threadNamesOfThisJvmTellItsCompilersAndCollectorsFromTheRest() throws IOException {
    Map<ProcessCpu.Kind, Long> threads;
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      threads =
          tasks
              .map(task -> ProcessCpu.groupOf(read(task.resolve("comm"))))
              .collect(Collectors.groupingBy(ProcessCpu.Kind::of, Collectors.counting()));
    }

    assertThat(threads).containsKeys(ProcessCpu.Kind.JIT, ProcessCpu.Kind.GC);
    assertThat(ProcessCpu.Kind.of("VM Thread")).isEqualTo(ProcessCpu.Kind.OTHER);
    assertThat(ProcessCpu.Kind.of("message-lifecyc")).isEqualTo(ProcessCpu.Kind.OTHER);
    assertThat(ProcessCpu.groupOf("I/O dispatcher 12")).isEqualTo("I/O dispatcher N");
    assertThat(ProcessCpu.groupOf("GC Thread#1")).isEqualTo("GC Thread#N");
  }

  @Test
  void thisJvmHasSpentTimeCompilingAndNoKindMoreThanTheWhole() {
    long pid = ProcessHandle.current().pid();
    ProcessCpu cpu = new ProcessCpu("self=" + pid);

    Map<ProcessCpu.Kind, Double> kinds = ProcessCpu.byKind(cpu.secondsByThreadGroup().get("self"));
    double whole = cpu.seconds().get("self");

    assertThat(kinds.get(ProcessCpu.Kind.JIT)).isPositive();
    assertThat(kinds.values().stream().mapToDouble(Double::doubleValue).sum())
        .isLessThanOrEqualTo(whole);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException gone) {
      return "";
    }
  }
}
