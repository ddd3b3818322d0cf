package dev.mars.access;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Test users as the users file holds them: bcrypt-hashed, each with its apps. */
final class Users {

  static final String PASSWORD = "correct horse battery staple";

  private Users() {}

  /** {@code mars.access.users}: alice sees app-a, bob app-b, ops every app. */
  static String lines(String... extra) {
    // Cost 4 keeps the tests quick; the file format is the same at any cost.
    BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    StringBuilder lines = new StringBuilder();
    for (String user : new String[] {"alice app-a", "bob app-b", "ops *"}) {
      String[] parts = user.split(" ");
      lines.append(parts[0]).append(" {bcrypt}").append(bcrypt.encode(PASSWORD));
      lines.append(' ').append(parts[1]).append(';');
    }
    for (String user : extra) {
      String[] parts = user.split(" ");
      lines.append(parts[0]).append(" {bcrypt}").append(bcrypt.encode(PASSWORD));
      lines.append(' ').append(parts[1]).append(';');
    }
    return lines.toString();
  }
}
