package dev.mars.ingest;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The API's error answers. */
final class Responses {

  private Responses() {}

  static ResponseEntity<Object> badRequest(List<Problem> problems) {
    return ResponseEntity.badRequest().body(Map.of("errors", problems));
  }

  /** For filters, which answer before Spring MVC: a JSON error, with Retry-After if given. */
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
