package dev.mars.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.deadletter.DeadLetter;
import dev.mars.deadletter.DeadLetterLog;
import dev.mars.deadletter.Parsed;
import dev.mars.event.EventLimits;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code mars.increments} records into increments; others become dead letters, counted in
 * {@code invalidIncrements}.
 */
public final class IncrementDeserializer
    implements KafkaRecordDeserializationSchema<Parsed<Increment>> {

  private static final Logger LOG = LoggerFactory.getLogger(IncrementDeserializer.class);

  private transient ObjectMapper json;
  private transient Counter invalidRecords;
  private transient DeadLetterLog log;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    json = new ObjectMapper();
    invalidRecords = context.getMetricGroup().counter("invalidIncrements");
    log = new DeadLetterLog(60_000);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Parsed<Increment>> out) {
    String problem;
    try {
      JsonNode node = record.value() == null ? null : json.readTree(record.value());
      problem = problemWith(node);
      if (problem == null) {
        JsonNode requestId = node.get("request_id");
        out.collect(
            Parsed.of(
                new Increment(
                    node.get("key").asText(),
                    node.get("value").asLong(),
                    requestId != null && requestId.isTextual() ? requestId.asText() : null)));
        return;
      }
    } catch (IOException e) {
      problem = "not JSON";
    } catch (RuntimeException e) {
      problem = "unreadable: " + e;
    }
    invalidRecords.inc();
    DeadLetter letter =
        new DeadLetter(
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            problem);
    log.line(letter, System.currentTimeMillis()).ifPresent(LOG::warn);
    out.collect(Parsed.failed(letter));
  }

  private static String problemWith(JsonNode node) {
    if (node == null || !node.isObject()) {
      return "not a JSON object";
    }
    if (!node.path("key").isTextual() || node.get("key").asText().isEmpty()) {
      return "key is missing or not a non-empty string";
    }
    String keyProblem =
        EventLimits.textProblem(node.get("key").asText(), EventLimits.MAX_COUNTER_KEY_LENGTH);
    if (keyProblem != null) {
      return "key " + keyProblem;
    }
    if (!node.path("value").canConvertToExactIntegral() || !node.get("value").canConvertToLong()) {
      return "value is not a signed 64-bit integer";
    }
    JsonNode requestId = node.get("request_id");
    if (requestId != null && requestId.isTextual()) {
      String idProblem =
          EventLimits.textProblem(requestId.asText(), EventLimits.MAX_REQUEST_ID_LENGTH);
      if (idProblem != null) {
        return "request_id " + idProblem;
      }
    }
    return null;
  }

  @Override
  public TypeInformation<Parsed<Increment>> getProducedType() {
    return Parsed.typeOf(Increment.class);
  }
}
