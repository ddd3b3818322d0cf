package dev.mars.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedFileTest {

  @Test
  void aChangeIsReadAndABadOneKeepsWhatWasLoaded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "1");
    List<String> reports = new CopyOnWriteArrayList<>();
    WatchedFile<Integer> watched =
        new WatchedFile<>(file, text -> Integer.parseInt(text.strip()), reports::add);
    assertThat(watched.current()).isEqualTo(1);

    write(file, "2", 5);
    await().atMost(Duration.ofSeconds(10)).until(watched::current, value -> value == 2);

    write(file, "not a number", 10);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              watched.current();
              return reports.stream().anyMatch(r -> r.startsWith("Keeping what was loaded"));
            });
    assertThat(watched.current()).isEqualTo(2);
    assertThat(reports.stream().filter(r -> r.startsWith("Keeping"))).hasSize(1);
  }

  @Test
  void anUnreadableFileRefusesToStart(@TempDir Path dir) {
    assertThatThrownBy(() -> new WatchedFile<>(dir.resolve("missing"), text -> text, r -> {}))
        .hasMessageContaining("missing");
  }

  private static void write(Path file, String text, int secondsAhead) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
  }
}
