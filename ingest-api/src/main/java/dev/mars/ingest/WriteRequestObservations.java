package dev.mars.ingest;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Leaves the write routes out of Micrometer's {@code http.server.requests}: observing each request
 * was 7 % of a single event's CPU (bench README), and those routes have their own series — {@code
 * mars.ingest.events} by outcome and reason, {@code mars.ingest.kafka.send} for the wait on Kafka.
 * {@code mars.ingest.write-request-metrics=true} observes them again.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "mars.ingest.write-request-metrics", havingValue = false)
class WriteRequestObservations {

  @Bean
  ObservationPredicate writeRoutesUnobserved() {
    return (name, context) ->
        !(context instanceof ServerRequestObservationContext request
            && IngestRoutes.writes(request.getCarrier()));
  }
}
