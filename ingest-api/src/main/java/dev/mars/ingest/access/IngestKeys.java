package dev.mars.ingest.access;

import dev.mars.ingest.IngestProperties;
import dev.mars.security.WatchedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ingest keys: each a name, the SHA-256 of the key, and the app ids it may write. They come
 * from {@code keys-file} (read again when it changes, so keys rotate without a restart) and from
 * {@code keys} (the environment). One key per line: {@code <name> sha256:<hex> <app>[,<app>...]} or
 * {@code *} for every app; {@code #} starts a comment. With neither set, access control is off.
 *
 * <p>Keys are random secrets, not passwords: one SHA-256 is enough to keep a leaked file from
 * giving them away, and lets every request be checked without a slow hash.
 */
@Component
public class IngestKeys {

  private static final Logger LOG = LoggerFactory.getLogger(IngestKeys.class);

  private record Entry(String name, byte[] hash, AppGrant grant) {}

  private final WatchedFile<Map<String, Entry>> file;
  private final Map<String, Entry> fromEnvironment;

  public IngestKeys(IngestProperties properties) {
    this.fromEnvironment = index(parse(properties.keys() == null ? "" : properties.keys(), "keys"));
    this.file =
        properties.keysFile() == null || properties.keysFile().isBlank()
            ? null
            : new WatchedFile<>(
                Path.of(properties.keysFile()),
                text -> index(parse(text, properties.keysFile())),
                LOG::info);
  }

  /** Whether writes need a key. */
  public boolean enabled() {
    return file != null || !fromEnvironment.isEmpty();
  }

  /** The grant of a presented key, or empty when it is no key of ours. */
  public Optional<AppGrant> find(String presented) {
    if (presented == null || presented.isEmpty() || presented.length() > 512) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    String hex = HexFormat.of().formatHex(hash);
    Entry entry = fromEnvironment.get(hex);
    if (entry == null && file != null) {
      entry = file.current().get(hex);
    }
    // The map lookup found it by its hash; compare again in constant time all the same.
    return entry != null && MessageDigest.isEqual(entry.hash(), hash)
        ? Optional.of(entry.grant())
        : Optional.empty();
  }

  private static Map<String, Entry> index(List<Entry> entries) {
    Map<String, Entry> byHash = new HashMap<>();
    entries.forEach(entry -> byHash.put(HexFormat.of().formatHex(entry.hash()), entry));
    return Map.copyOf(byHash);
  }

  /** Parses key lines; a malformed line is refused with its number, never skipped in silence. */
  static List<Entry> parse(String text, String source) {
    List<Entry> entries = new java.util.ArrayList<>();
    String[] lines = text.split("[\\n;]");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      String where = source + " line " + (i + 1);
      if (parts.length != 3 || !parts[1].startsWith("sha256:")) {
        throw new IllegalArgumentException(
            where + ": expected '<name> sha256:<hex of the key's SHA-256> <app>[,<app>...]|*'");
      }
      byte[] hash;
      try {
        hash = HexFormat.of().parseHex(parts[1].substring("sha256:".length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": the hash is not hexadecimal");
      }
      if (hash.length != 32) {
        throw new IllegalArgumentException(where + ": a SHA-256 has 64 hex digits");
      }
      boolean everyApp = parts[2].equals("*");
      Set<String> apps =
          everyApp
              ? Set.of()
              : Set.copyOf(Arrays.stream(parts[2].split(",")).filter(a -> !a.isEmpty()).toList());
      entries.add(new Entry(parts[0], hash, new AppGrant(parts[0], apps, everyApp)));
    }
    return entries;
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
