package dev.mars.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint under a checkpoint directory ({@code <dir>/<job id>/chk-N}
 * with its {@code _metadata}), so that a restarted embedded job resumes from its state.
 */
final class LatestCheckpoint {

  private LatestCheckpoint() {}

  static Optional<Path> in(Path checkpointDir) {
    if (!Files.isDirectory(checkpointDir)) {
      return Optional.empty();
    }
    try (Stream<Path> candidates = Files.find(checkpointDir, 2, LatestCheckpoint::isCheckpoint)) {
      return candidates.max(Comparator.comparing(LatestCheckpoint::completedAt));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpointDir, e);
    }
  }

  private static boolean isCheckpoint(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
    return attrs.isDirectory()
        && dir.getFileName().toString().startsWith("chk-")
        && Files.isRegularFile(dir.resolve("_metadata"));
  }

  private static FileTime completedAt(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }
}
