package dev.mars.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The addresses this machine listens on at a TCP port, read from the kernel ({@code /proc/net/tcp}
 * and {@code tcp6}, as {@code ss -ltn} does), without sending anything anywhere.
 */
public final class Listeners {

  private static final String LISTEN = "0A";

  private Listeners() {}

  public static List<InetAddress> on(int port) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      try {
        List<String> lines = Files.readAllLines(file);
        for (String line : lines.subList(1, lines.size())) {
          String[] columns = line.trim().split("\\s+");
          String[] local = columns[1].split(":");
          if (columns[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
            addresses.add(address(local[0]));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return addresses;
  }

  /** The kernel writes each 32-bit word of an address in the machine's (little-endian) order. */
  private static InetAddress address(String hex) {
    byte[] raw = HexFormat.of().parseHex(hex);
    byte[] bytes = new byte[raw.length];
    for (int word = 0; word < raw.length; word += 4) {
      for (int i = 0; i < 4; i++) {
        bytes[word + i] = raw[word + 3 - i];
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
