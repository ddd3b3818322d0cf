package dev.mars.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What operators watch: events accepted and rejected (by reason), and Kafka's send latency. */
@Component
public class IngestMetrics {

  private final MeterRegistry registry;
  private final Timer kafkaSend;
  private final Counter accepted;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

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

  Timer kafkaSend() {
    return kafkaSend;
  }
}
