package dev.mars.elasticsearch;

import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * How every Mars part reaches Elasticsearch: its URLs ({@code https://} for TLS), and optionally a
 * user and password (HTTP Basic, as Elasticsearch's security expects) and a PKCS12 trust store
 * holding the certificate authority of a cluster whose certificate the JDK does not trust.
 */
public final class ElasticsearchConnection implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<String> urls;
  private final String username;
  private final String password;
  private final String trustStore;
  private final String trustStorePassword;

  private ElasticsearchConnection(
      List<String> urls,
      String username,
      String password,
      String trustStore,
      String trustStorePassword) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("at least one Elasticsearch URL is needed");
    }
    this.urls = List.copyOf(urls);
    this.username = blankToNull(username);
    this.password = password;
    this.trustStore = blankToNull(trustStore);
    this.trustStorePassword = trustStorePassword;
  }

  public static ElasticsearchConnection of(List<String> urls) {
    return new ElasticsearchConnection(urls, null, null, null, null);
  }

  /**
   * @param username none when blank
   * @param trustStore a PKCS12 file; the JDK's trusted authorities when blank
   */
  public static ElasticsearchConnection of(
      List<String> urls,
      String username,
      String password,
      String trustStore,
      String trustStorePassword) {
    return new ElasticsearchConnection(urls, username, password, trustStore, trustStorePassword);
  }

  public List<String> urls() {
    return urls;
  }

  /** A client builder for these URLs with the credentials and trust configured. */
  public RestClientBuilder builder() {
    RestClientBuilder builder =
        RestClient.builder(urls.stream().map(HttpHost::create).toArray(HttpHost[]::new));
    if (username == null && trustStore == null) {
      return builder;
    }
    SSLContext tls = trustStore == null ? null : tlsContext();
    return builder.setHttpClientConfigCallback(
        http -> {
          if (username != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                AuthScope.ANY,
                new UsernamePasswordCredentials(username, password == null ? "" : password));
            http.setDefaultCredentialsProvider(credentials);
          }
          if (tls != null) {
            http.setSSLContext(tls);
          }
          return http;
        });
  }

  public RestClient client() {
    return builder().build();
  }

  private SSLContext tlsContext() {
    try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot read the Elasticsearch trust store " + trustStore + ": " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  @Override
  public String toString() {
    return urls + (username == null ? "" : " as " + username); // never the password
  }
}
