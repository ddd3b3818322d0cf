package dev.mars.event;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code mars.events} records into events; a record that is not one is counted, skipped. */
public final class EventDeserializer implements KafkaRecordDeserializationSchema<MessageEvent> {

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
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MessageEvent> out) {
    try {
      out.collect(parser.parse(record.value()));
    } catch (EventParser.InvalidEventException e) {
      invalidRecords.inc();
      LOG.warn(
          "Skipped invalid record {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  public TypeInformation<MessageEvent> getProducedType() {
    return Types.POJO(MessageEvent.class);
  }
}
