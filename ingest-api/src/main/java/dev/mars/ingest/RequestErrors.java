package dev.mars.ingest;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Requests that never reach the controller get a clear 4xx, never a 500. */
@RestControllerAdvice
public class RequestErrors {

  private final IngestMetrics metrics;
  private final IngestProperties properties;

  public RequestErrors(IngestMetrics metrics, IngestProperties properties) {
    this.metrics = metrics;
    this.properties = properties;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodySizeLimit.BodyTooLargeException tooLarge) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
            .body(Map.of("error", tooLarge.getMessage()));
      }
    }
    return Responses.badRequest(List.of(Problem.of("body", "is not valid JSON")));
  }

  @ExceptionHandler(RequestBodyReader.UnreadableBodyException.class)
  ResponseEntity<Object> unreadableEvents(RequestBodyReader.UnreadableBodyException e) {
    metrics.rejected("unreadable_body", 1);
    metrics.invalidField(e.problem().field());
    return Responses.badRequest(List.of(e.problem()));
  }

  @ExceptionHandler(RequestMemory.Exhausted.class)
  ResponseEntity<Object> memoryExhausted(RequestMemory.Exhausted e) {
    metrics.rejected("request_memory", 1);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", properties.retryAfterSeconds())
        .body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(RequestMemory.TooLarge.class)
  ResponseEntity<Object> requestTooLarge(RequestMemory.TooLarge e) {
    metrics.rejected("request_too_large", 1);
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(RequestBodyReader.BodyTooLarge.class)
  ResponseEntity<Object> tooLarge(RequestBodyReader.BodyTooLarge e) {
    metrics.rejected("body_too_large", 1);
    return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
        .body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e) {
    return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .body(Map.of("error", "Content-Type must be application/json"));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e) {
    return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
        .body(Map.of("error", e.getMethod() + " is not supported here; use POST"));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Object> notFound(NoResourceFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Map.of("error", "no route " + e.getResourcePath()));
  }
}
