package dev.mars.ingest;

import dev.mars.kafka.ConsumerBacklog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mars's status routes on the port its clients send events to: {@code GET /status} ({@code
 * {"status":"up"}}) and {@code GET /api/q/stats} ({@code {"event_collector_queue": N}}, N the
 * events the job has not yet checkpointed: the pipeline's backlog). Both answer 503 when Kafka does
 * not.
 */
@RestController
public class MarsStatusController {

  private final IngestProperties properties;
  private final Admin admin;
  private final KafkaHealth kafka;

  public MarsStatusController(IngestAdmin admin, IngestProperties properties, KafkaHealth kafka) {
    this.properties = properties;
    this.admin = admin.admin();
    this.kafka = kafka;
  }

  /** Up while Kafka answers, by the same check as {@code /actuator/health}. */
  @GetMapping("/status")
  public ResponseEntity<Map<String, Object>> status() {
    return Status.UP.equals(kafka.health().getStatus())
        ? ResponseEntity.ok(Map.of("status", "up", "kafka", "up"))
        : unavailable(Map.of("status", "down", "kafka", "unavailable"));
  }

  @GetMapping("/api/q/stats")
  public ResponseEntity<Map<String, Object>> stats() {
    return backlog()
        .map(lag -> ResponseEntity.ok(Map.<String, Object>of("event_collector_queue", lag)))
        .orElseGet(() -> unavailable(Map.of("error", "Kafka did not answer")));
  }

  private Optional<Long> backlog() {
    try {
      return Optional.of(
          ConsumerBacklog.read(
                  admin, properties.topic(), properties.jobGroup(), IngestAdmin.TIMEOUT)
              .lag());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private ResponseEntity<Map<String, Object>> unavailable(Map<String, Object> body) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", properties.retryAfterSeconds())
        .body(new LinkedHashMap<>(body));
  }
}
