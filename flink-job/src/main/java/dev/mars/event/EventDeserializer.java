package dev.mars.event;

import dev.mars.deadletter.DeadLetter;
import dev.mars.deadletter.DeadLetterLog;
import dev.mars.deadletter.Parsed;
import dev.mars.kafka.RefusalNotice;
import dev.mars.progress.Heartbeats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code mars.events} records into events, and the job's own heartbeats into the input's
 * progress; a record that is neither becomes a dead letter, counted in {@code invalidRecords}.
 */
public final class EventDeserializer
    implements KafkaRecordDeserializationSchema<Parsed<MessageEvent>> {

  private static final Logger LOG = LoggerFactory.getLogger(EventDeserializer.class);

  private final Duration createdAtRange;
  private transient EventParser parser;
  private transient Counter invalidRecords;
  private transient DeadLetterLog log;

  /**
   * @param createdAtRange how far from the job's clock an event's {@code created_at} may be
   */
  public EventDeserializer(Duration createdAtRange) {
    this.createdAtRange = createdAtRange;
  }

  @Override
  public void open(
      org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext
          context) {
    parser = new EventParser(createdAtRange, Clock.systemUTC());
    invalidRecords = context.getMetricGroup().counter("invalidRecords");
    log = new DeadLetterLog(60_000);
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Parsed<MessageEvent>> out) {
    try {
      if (record.headers().lastHeader(Heartbeats.HEADER) != null) {
        out.collect(Parsed.heartbeat(heartbeatTime(record.value())));
      } else if (record.headers().lastHeader(RefusalNotice.HEADER) != null) {
        // Never ahead of this job's clock, like a heartbeat.
        out.collect(
            Parsed.refusal(
                Math.min(RefusalNotice.refusedAt(record.value()), System.currentTimeMillis())));
      } else {
        out.collect(
            Parsed.of(
                parser
                    .parse(record.value(), Instant.ofEpochMilli(Math.max(0, record.timestamp())))
                    .readAt(record.partition(), record.offset())));
      }
    } catch (EventParser.InvalidEventException e) {
      deadLetter(record, e.getMessage(), out);
    } catch (RuntimeException e) {
      // Whatever a record holds, it must not reach the source's thread: that would fail the job,
      // and the record would fail it again after every restart.
      deadLetter(record, "unreadable: " + e, out);
    }
  }

  private void deadLetter(
      ConsumerRecord<byte[], byte[]> record, String reason, Collector<Parsed<MessageEvent>> out) {
    invalidRecords.inc();
    DeadLetter letter =
        new DeadLetter(
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            reason);
    log.line(letter, System.currentTimeMillis()).ifPresent(LOG::warn);
    out.collect(Parsed.failed(letter));
  }

  /**
   * A heartbeat's time, never ahead of this job's clock: one that claimed a later time would move
   * every deadline forward at once.
   */
  private static long heartbeatTime(byte[] value) throws EventParser.InvalidEventException {
    long writtenAt;
    try {
      writtenAt = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (RuntimeException e) {
      throw new EventParser.InvalidEventException("heartbeat value is not epoch milliseconds");
    }
    return Math.min(writtenAt, System.currentTimeMillis());
  }

  @Override
  public TypeInformation<Parsed<MessageEvent>> getProducedType() {
    return Parsed.typeOf(MessageEvent.class);
  }
}
