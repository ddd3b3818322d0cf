package dev.mars.ingest;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The API's error answers. */
final class Responses {

  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);
  private static final String DEFAULT_RETRY_AFTER_SECONDS = "1";

  private Responses() {}

  static ResponseEntity<Object> badRequest(List<Problem> problems) {
    return ResponseEntity.badRequest().body(Map.of("errors", problems));
  }

  /** Kafka did not acknowledge in time: nothing is promised, the client should retry. */
  static ResponseEntity<Object> unavailable(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String reason =
        cause instanceof TimeoutException
            ? "Kafka did not acknowledge the events in time"
            : "Kafka refused the events: " + cause.getMessage();
    LOG.warn("Answered 503: {}", reason);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, DEFAULT_RETRY_AFTER_SECONDS)
        .body(Map.of("error", reason));
  }

  /** For filters, which answer before Spring MVC: a JSON error with Retry-After. */
  static void write(HttpServletResponse response, int status, String retryAfter, String error)
      throws IOException {
    response.setStatus(status);
    if (retryAfter != null) {
      response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
    }
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"error\":\"" + error.replace("\"", "'") + "\"}");
  }
}
