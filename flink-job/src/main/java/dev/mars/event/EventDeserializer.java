package dev.mars.event;

import dev.mars.deadletter.DeadLetter;
import dev.mars.deadletter.Parsed;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code mars.events} records into events; a record that is not one becomes a dead letter,
 * counted in {@code invalidRecords}.
 */
public final class EventDeserializer
    implements KafkaRecordDeserializationSchema<Parsed<MessageEvent>> {

  private static final Logger LOG = LoggerFactory.getLogger(EventDeserializer.class);

  private transient EventParser parser;
  private transient Counter invalidRecords;

  @Override
  public void open(
      org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext
          context) {
    parser = new EventParser();
    invalidRecords = context.getMetricGroup().counter("invalidRecords");
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Parsed<MessageEvent>> out) {
    try {
      out.collect(Parsed.of(parser.parse(record.value())));
    } catch (EventParser.InvalidEventException e) {
      invalidRecords.inc();
      DeadLetter letter =
          new DeadLetter(
              record.topic(),
              record.partition(),
              record.offset(),
              record.key(),
              record.value(),
              e.getMessage());
      LOG.warn("Dead-lettered record {}: {}", letter.source(), letter.getReason());
      out.collect(Parsed.failed(letter));
    }
  }

  @Override
  public TypeInformation<Parsed<MessageEvent>> getProducedType() {
    return Parsed.typeOf(MessageEvent.class);
  }
}
