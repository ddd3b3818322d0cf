package dev.mars.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProfileSummaryTest {

  @Test
  void countsSelfAtTheLeafAndTotalOncePerStack() throws Exception {
    Path file = Files.createTempFile("profile", ".collapsed");
    Files.writeString(file, "main;run;parse 30\nmain;run;run;write 10\nmain;gc 5\n");

    ProfileSummary summary = ProfileSummary.read(file);

    assertThat(summary.samples()).isEqualTo(45);
    assertThat(summary.self("parse")).isEqualTo(30);
    assertThat(summary.self("run")).isZero();
    assertThat(summary.total("run")).isEqualTo(40); // the recursive stack counts once
    assertThat(summary.total("main")).isEqualTo(45);
  }
}
