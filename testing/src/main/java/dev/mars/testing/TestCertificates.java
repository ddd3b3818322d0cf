package dev.mars.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made with the JDK's keytool, as an
 * operator would make one for a test deployment: a PKCS12 key store for servers, a trust store and
 * a PEM copy of the certificate for clients.
 *
 * @param keyStore PKCS12, the key and certificate under alias {@code mars}
 * @param trustStore PKCS12, the certificate alone
 * @param certificatePem the certificate, PEM
 */
public record TestCertificates(
    Path keyStore, Path trustStore, Path certificatePem, String password) {

  public static TestCertificates create(String name) {
    Path dir = Infra.workDir("mars-tls-" + name);
    String password = "changeit";
    Path keyStore = dir.resolve("server.p12");
    Path trustStore = dir.resolve("trust.p12");
    Path pem = dir.resolve("server.crt");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "mars",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=ip:127.0.0.1,dns:localhost",
            "-validity",
            "3",
            "-storetype",
            "PKCS12",
            "-keystore",
            keyStore.toString(),
            "-storepass",
            password,
            "-keypass",
            password));
    try {
      KeyStore keys = load(keyStore, password);
      Certificate certificate = keys.getCertificate("mars");
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("mars", certificate);
      try (var out = Files.newOutputStream(trustStore)) {
        trust.store(out, password.toCharArray());
      }
      Files.writeString(
          pem,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n");
    } catch (Exception e) {
      throw new IllegalStateException("could not write the trust store", e);
    }
    return new TestCertificates(keyStore, trustStore, pem, password);
  }

  /** A client context that trusts this certificate only. */
  public SSLContext clientContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers().getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public TrustManagerFactory trustManagers() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(load(trustStore, password));
      return factory;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyStore load(Path path, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(path)) {
      store.load(in, password.toCharArray());
    }
    return store;
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
