package dev.mars.e2e;

import dev.mars.testing.Infra;
import dev.mars.testing.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One of Mars's Spring Boot services, run from its executable jar as it runs in production. */
final class ServiceJar implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final ServerProcess process;
  private final int port;
  private final Path workDir;

  private ServiceJar(ServerProcess process, int port, Path workDir) {
    this.workDir = workDir;
    this.process = process;
    this.port = port;
  }

  /** Starts the jar named by the system property and waits until it reports healthy. */
  static ServiceJar start(String name, String jarProperty, String... args) {
    Path jar = Path.of(System.getProperty(jarProperty, ""));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no " + name + " jar at '" + jar + "' (system property " + jarProperty + ")");
    }
    int port = Infra.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    Path workDir = Infra.workDir("mars-" + name);
    command.add("-Xlog:gc:file=" + workDir.resolve("gc.log"));
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + port);
    command.addAll(List.of(args));
    ServerProcess process = ServerProcess.start(name, workDir, command);
    process.awaitReady(Duration.ofSeconds(90), () -> healthy(port));
    return new ServiceJar(process, port, workDir);
  }

  private static boolean healthy(int port) {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether the service's own output (its log) holds {@code text}. */
  boolean logContains(String text) {
    return process.logContains(text);
  }

  /** The most heap the service had in use before a collection, from its GC log, in MiB. */
  long peakHeapMib() throws IOException {
    java.util.regex.Pattern used = java.util.regex.Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");
    long peak = 0;
    for (String line : Files.readAllLines(workDir.resolve("gc.log"))) {
      java.util.regex.Matcher matcher = used.matcher(line);
      if (matcher.find()) {
        peak = Math.max(peak, Long.parseLong(matcher.group(1)));
      }
    }
    return peak;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Kills the service with {@code kill -9}. */
  void kill() {
    process.kill();
  }

  @Override
  public void close() {
    process.close();
  }
}
