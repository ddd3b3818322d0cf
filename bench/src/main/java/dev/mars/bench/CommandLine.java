package dev.mars.bench;

import java.util.HashMap;
import java.util.Map;

/** The benchmarks' command lines: {@code --name value} pairs. */
final class CommandLine {

  private CommandLine() {}

  static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }
}
