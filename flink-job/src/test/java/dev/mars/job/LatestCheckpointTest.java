package dev.mars.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestCheckpointTest {

  @TempDir Path dir;

  @Test
  void findsNothingInAnEmptyOrMissingDirectory() {
    assertThat(LatestCheckpoint.in(dir)).isEmpty();
    assertThat(LatestCheckpoint.in(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void picksTheNewestCompleteCheckpointAcrossJobs() throws Exception {
    checkpoint("job-a/chk-7", 1_000);
    Path newest = checkpoint("job-b/chk-2", 2_000);
    Files.createDirectories(dir.resolve("job-b/chk-3")); // in progress: no _metadata yet

    assertThat(LatestCheckpoint.in(dir)).contains(newest);
  }

  private Path checkpoint(String path, long completedAtMillis) throws Exception {
    Path checkpoint = Files.createDirectories(dir.resolve(path));
    Path metadata = Files.createFile(checkpoint.resolve("_metadata"));
    Files.setLastModifiedTime(metadata, FileTime.fromMillis(completedAtMillis));
    return checkpoint;
  }
}
