package dev.mars.counter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code mars.increments} records into increments; others are counted and skipped. */
public final class IncrementDeserializer implements KafkaRecordDeserializationSchema<Increment> {

  private static final Logger LOG = LoggerFactory.getLogger(IncrementDeserializer.class);

  private transient ObjectMapper json;
  private transient Counter invalidRecords;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    json = new ObjectMapper();
    invalidRecords = context.getMetricGroup().counter("invalidIncrements");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Increment> out) {
    String problem = null;
    try {
      JsonNode node = record.value() == null ? null : json.readTree(record.value());
      if (node == null || !node.isObject()) {
        problem = "not a JSON object";
      } else if (!node.path("key").isTextual() || node.get("key").asText().isEmpty()) {
        problem = "key is missing or not a non-empty string";
      } else if (!node.path("value").canConvertToExactIntegral()
          || !node.get("value").canConvertToLong()) {
        problem = "value is not a signed 64-bit integer";
      } else {
        JsonNode requestId = node.get("request_id");
        out.collect(
            new Increment(
                node.get("key").asText(),
                node.get("value").asLong(),
                requestId != null && requestId.isTextual() ? requestId.asText() : null));
        return;
      }
    } catch (IOException e) {
      problem = "not JSON";
    }
    invalidRecords.inc();
    LOG.warn(
        "Skipped invalid increment {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        problem);
  }

  @Override
  public TypeInformation<Increment> getProducedType() {
    return Types.POJO(Increment.class);
  }
}
