package dev.mars.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The dashboard's users: one per line, {@code <name> <encoded password> <app>[,<app>...]} or {@code
 * *} for every app; the password as Spring Security stores it ({@code {bcrypt}$2a$...}, {@code
 * {pbkdf2@SpringSecurity_v5_8}...}), never in clear. Read from {@code users-file} (again whenever
 * it changes, so users are added and removed without a restart) and from {@code users}.
 */
public class UsersFile implements UserDetailsService {

  private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);
  private static final long RECHECK_NANOS = 1_000_000_000L;

  private final Path file;
  private final Map<String, UserDetails> inline;
  private volatile Map<String, UserDetails> users;
  private volatile FileTime loadedVersion;
  private volatile long checkedAt;

  public UsersFile(String file, String inline) {
    this.file = file == null || file.isBlank() ? null : Path.of(file);
    this.inline = parse(inline == null ? "" : inline, "users");
    if (this.file != null) {
      if (!Files.isReadable(this.file)) {
        throw new IllegalStateException("The users file " + this.file + " cannot be read");
      }
      reload();
    } else {
      this.users = this.inline;
    }
  }

  public boolean configured() {
    return file != null || !inline.isEmpty();
  }

  @Override
  public UserDetails loadUserByUsername(String name) {
    if (file != null && System.nanoTime() - checkedAt > RECHECK_NANOS) {
      reloadIfChanged();
    }
    UserDetails user = users.get(name);
    if (user == null) {
      throw new UsernameNotFoundException("no user " + name);
    }
    return User.withUserDetails(user).build(); // a copy: Spring erases the password it holds
  }

  private synchronized void reloadIfChanged() {
    checkedAt = System.nanoTime();
    FileTime version = null;
    try {
      version = Files.getLastModifiedTime(file);
      if (!version.equals(loadedVersion)) {
        reload();
      }
    } catch (IOException | RuntimeException e) {
      loadedVersion = version; // said once per change, not at every login
      LOG.warn("Keeping the users loaded before: {}", e.getMessage());
    }
  }

  private synchronized void reload() {
    try {
      FileTime version = Files.getLastModifiedTime(file);
      Map<String, UserDetails> all =
          new HashMap<>(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
      all.putAll(inline);
      boolean first = users == null;
      users = all;
      loadedVersion = version;
      checkedAt = System.nanoTime();
      LOG.info("{} {} user(s) from {}", first ? "Loaded" : "Reloaded", all.size(), file);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the users file " + file, e);
    }
  }

  /** Parses user lines; a malformed line is refused with its number, never skipped in silence. */
  static Map<String, UserDetails> parse(String text, String source) {
    Map<String, UserDetails> users = new HashMap<>();
    String[] lines = text.split("[\\n;]");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 3 || !parts[1].startsWith("{")) {
        throw new IllegalArgumentException(
            source
                + " line "
                + (i + 1)
                + ": expected '<name> {<encoding>}<encoded password> <app>[,<app>...]|*'");
      }
      List<GrantedAuthority> authorities = new ArrayList<>();
      Arrays.stream(parts[2].split(","))
          .filter(app -> !app.isEmpty())
          .forEach(app -> authorities.add(new SimpleGrantedAuthority(Viewers.APP_PREFIX + app)));
      users.put(
          parts[0],
          User.withUsername(parts[0]).password(parts[1]).authorities(authorities).build());
    }
    return users;
  }
}
