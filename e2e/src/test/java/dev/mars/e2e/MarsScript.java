package dev.mars.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository's {@code ./mars}, run as a user runs it, with a state directory of its own. */
final class MarsScript {

  private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();

  /** What a command printed (stdout and stderr) and how it exited. */
  record Result(int exit, String output) {}

  private final Map<String, String> environment = new HashMap<>();
  private final Duration patience;

  MarsScript(Path state, Duration patience) {
    this.environment.put("MARS_STATE_DIR", state.toString());
    this.patience = patience;
  }

  MarsScript with(Map<String, String> settings) {
    environment.putAll(settings);
    return this;
  }

  /** Runs {@code ./mars ARGS} and asserts it succeeded; returns what it printed. */
  String ok(Map<String, String> more, String... args) throws Exception {
    Result result = run(more, args);
    assertThat(result.exit()).as(result.output()).isZero();
    return result.output();
  }

  Result run(Map<String, String> more, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().add("bash");
    builder.command().add(REPOSITORY.resolve("mars").toString());
    builder.command().addAll(List.of(args));
    builder.environment().putAll(environment);
    builder.environment().putAll(more);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(patience.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("./mars " + String.join(" ", args) + " did not end: " + output);
    }
    return new Result(process.exitValue(), output);
  }
}
