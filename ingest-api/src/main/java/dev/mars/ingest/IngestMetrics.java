package dev.mars.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** What operators watch: events accepted and rejected (by reason), and Kafka's send latency. */
@Component
public class IngestMetrics {

  private final MeterRegistry registry;
  private final Timer kafkaSend;
  private final Counter accepted;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  /** Refusals because Mars could not take the events (503): their clients are retrying. */
  static final Set<String> CAPACITY_REASONS =
      Set.of("in_flight_limit", "request_memory", "kafka_unavailable");

  private final AtomicLong lastCapacityRefusal = new AtomicLong(Long.MIN_VALUE);

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.kafkaSend =
        Timer.builder("mars.ingest.kafka.send")
            .description("From a request's events handed to Kafka to all acknowledged")
            .publishPercentileHistogram()
            .register(registry);
    this.accepted = registry.counter("mars.ingest.events", "outcome", "accepted", "reason", "none");
  }

  void accepted(int events) {
    accepted.increment(events);
  }

  public void rejected(String reason, int events) {
    if (CAPACITY_REASONS.contains(reason)) {
      lastCapacityRefusal.accumulateAndGet(System.currentTimeMillis(), Math::max);
    }
    registry
        .counter("mars.ingest.events", "outcome", "rejected", "reason", reason)
        .increment(events);
  }

  /**
   * A field an event was refused for, by its name: {@code attributes.<key>} counts as {@code
   * attributes} and a batch's index is left out, so the series stay few whatever clients send.
   */
  public void invalidField(String field) {
    String name = field.startsWith("attributes") ? "attributes" : field;
    registry.counter("mars.ingest.invalid.fields", "field", name).increment();
  }

  /** A created_at that Mars's own gRPC service ignored, replaced by the server's time. */
  public void createdAtReplaced() {
    registry.counter("mars.ingest.created_at.replaced").increment();
  }

  /** When Mars last refused events for want of capacity (epoch ms), or Long.MIN_VALUE. */
  long lastCapacityRefusal() {
    return lastCapacityRefusal.get();
  }

  Timer kafkaSend() {
    return kafkaSend;
  }
}
