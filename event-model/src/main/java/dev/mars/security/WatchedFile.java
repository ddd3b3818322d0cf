package dev.mars.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A configuration file read again when it changes (checked at most once a second), so that keys and
 * users are added and revoked without a restart. A change that cannot be read or parsed keeps what
 * was loaded before, and is reported once.
 *
 * @param <T> what the file holds, as {@code parse} makes it
 */
public final class WatchedFile<T> {

  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Path path;
  private final Function<String, T> parse;
  private final Consumer<String> report;
  private volatile T current;
  private volatile FileTime loadedVersion;
  private volatile long checkedAt;

  /**
   * Reads the file now: unreadable or unparsable at start, it throws.
   *
   * @param report told, in a sentence, each time the file is loaded or a change is refused
   */
  public WatchedFile(Path path, Function<String, T> parse, Consumer<String> report) {
    this.path = path;
    this.parse = parse;
    this.report = report;
    try {
      load();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** What the file holds now. */
  public T current() {
    if (System.nanoTime() - checkedAt > RECHECK_NANOS) {
      reloadIfChanged();
    }
    return current;
  }

  private synchronized void reloadIfChanged() {
    if (System.nanoTime() - checkedAt <= RECHECK_NANOS) {
      return;
    }
    checkedAt = System.nanoTime();
    FileTime version = null;
    try {
      version = Files.getLastModifiedTime(path);
      if (!version.equals(loadedVersion)) {
        load();
      }
    } catch (IOException | RuntimeException e) {
      loadedVersion = version; // reported once per change, not every second
      report.accept("Keeping what was loaded from " + path + " before: " + e.getMessage());
    }
  }

  private void load() throws IOException {
    FileTime version = Files.getLastModifiedTime(path);
    T loaded = parse.apply(Files.readString(path, StandardCharsets.UTF_8));
    boolean first = current == null;
    current = loaded;
    loadedVersion = version;
    checkedAt = System.nanoTime();
    report.accept((first ? "Loaded " : "Reloaded ") + path);
  }
}
