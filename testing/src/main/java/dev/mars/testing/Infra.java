package dev.mars.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Where the infra scripts are, and fresh directories and ports for the servers. */
public final class Infra {

  private Infra() {}

  /** A script of infra/bin, e.g. {@code kafka-server}. */
  /** A file of infra/ ({@code prometheus/rules.yml}, ...). */
  public static Path file(String relative) {
    String dir = System.getProperty("mars.infra.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property mars.infra.dir is not set (the build sets it to infra/target)");
    }
    return Path.of(dir).getParent().resolve(relative);
  }

  public static Path script(String name) {
    String dir = System.getProperty("mars.infra.dir");
    if (dir == null) {
      throw new IllegalStateException(
          "system property mars.infra.dir is not set (the build sets it to infra/target)");
    }
    Path script = Path.of(dir).getParent().resolve("bin").resolve(name);
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("no executable " + script);
    }
    return script;
  }

  /**
   * A fresh directory every user can reach: Elasticsearch runs as an unprivileged user when the
   * tests run as root.
   */
  public static Path workDir(String name) {
    try {
      Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), name);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
