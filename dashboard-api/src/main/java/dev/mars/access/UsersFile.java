package dev.mars.access;

import dev.mars.security.WatchedFile;
import java.nio.file.Path;
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

  private final WatchedFile<Map<String, UserDetails>> file;
  private final Map<String, UserDetails> inline;

  public UsersFile(String file, String inline) {
    this.inline = parse(inline == null ? "" : inline, "users");
    this.file =
        file == null || file.isBlank()
            ? null
            : new WatchedFile<>(Path.of(file), text -> parse(text, file), LOG::info);
  }

  public boolean configured() {
    return file != null || !inline.isEmpty();
  }

  @Override
  public UserDetails loadUserByUsername(String name) {
    UserDetails user = inline.get(name);
    if (user == null && file != null) {
      user = file.current().get(name);
    }
    if (user == null) {
      throw new UsernameNotFoundException("no user " + name);
    }
    return User.withUserDetails(user).build(); // a copy: Spring erases the password it holds
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
