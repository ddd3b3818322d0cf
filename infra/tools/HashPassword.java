import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes a dashboard password the way Spring Security's {@code Pbkdf2PasswordEncoder} (defaults of
 * 5.8) reads it: {@code {pbkdf2@SpringSecurity_v5_8}} + hex(salt + PBKDF2-HMAC-SHA256), 310,000
 * rounds. Reads the password from standard input; runs as {@code java HashPassword.java}, no build.
 */
public class HashPassword {
  public static void main(String[] args) throws Exception {
    String password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    if (password.isEmpty()) {
      System.err.println("no password on standard input");
      System.exit(2);
    }
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    byte[] hash =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 310_000, 256))
            .getEncoded();
    byte[] stored = new byte[salt.length + hash.length];
    System.arraycopy(salt, 0, stored, 0, salt.length);
    System.arraycopy(hash, 0, stored, salt.length, hash.length);
    System.out.println("{pbkdf2@SpringSecurity_v5_8}" + HexFormat.of().formatHex(stored));
  }
}
