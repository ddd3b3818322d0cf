package dev.mars.search;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticsearch.ElasticsearchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * A bad parameter: 400 naming it, the problem and where it is. Elasticsearch unreachable or
 * failing: 503 with a clear reason, not a stack trace.
 */
@RestControllerAdvice
public class SearchErrors {

  private static final Logger LOG = LoggerFactory.getLogger(SearchErrors.class);

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<Object> invalid(InvalidRequestException e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", e.parameter() + ": " + e.getMessage());
    body.put("field", e.parameter());
    body.put("problem", e.getMessage());
    if (e.position() != null) {
      body.put("position", e.position());
    }
    return ResponseEntity.badRequest().body(body);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> mistyped(MethodArgumentTypeMismatchException e) {
    return invalid(
        new InvalidRequestException(e.getName(), "\"" + e.getValue() + "\" is not a number"));
  }

  @ExceptionHandler({IOException.class, ElasticsearchException.class})
  ResponseEntity<Object> unavailable(Exception e) {
    LOG.warn("Elasticsearch call failed: {}", e.getMessage());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(Map.of("error", "Elasticsearch is not available: " + e.getMessage()));
  }
}
