package dev.mars.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP client for the API under test. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> postJson(String path, String body) throws Exception {
    return CLIENT.send(json(path, body), HttpResponse.BodyHandlers.ofString());
  }

  CompletableFuture<HttpResponse<String>> postJsonAsync(String path, String body) {
    return CLIENT.sendAsync(json(path, body), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  private HttpRequest json(String path, String body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  static String event(String app, String message, String stage, String at) {
    return """
        {"app_id":"%s","message_id":"%s","event":"%s","created_at":"%s"}"""
        .formatted(app, message, stage, at);
  }
}
