package dev.mars.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mars.event.EventParser;
import dev.mars.kafka.KafkaConnection;
import dev.mars.lifecycle.StatusChange;
import dev.mars.lifecycle.Verdict;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The alert topic ({@code mars.alerts}): one record for each change of a message's status, keyed by
 * the message's document id. Written in Kafka transactions committed with each checkpoint, so a
 * consumer reading committed records (isolation.level=read_committed) sees each change exactly
 * once, also when the job fails and replays; {@code alert_id} names the change for anyone else.
 */
public final class AlertTopic {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long Kafka keeps an alert transaction open before aborting it (the broker's default
   * transaction.max.timeout.ms is 15 minutes): checkpoints must complete well within it.
   */
  public static final java.time.Duration TRANSACTION_TIMEOUT = java.time.Duration.ofMinutes(10);

  /**
   * How long an alert waits to be batched with others. Readers see alerts only once a checkpoint
   * commits their transaction, and a checkpoint flushes what waits: a long linger delays no reader,
   * and ten producers sending every few milliseconds were 9 % of the job's CPU (bench README).
   */
  static final java.time.Duration LINGER = java.time.Duration.ofMillis(500);

  private AlertTopic() {}

  public static KafkaSink<StatusChange> sink(
      KafkaConnection kafka, String topic, String transactionalIdPrefix) {
    return KafkaSink.<StatusChange>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setKafkaProducerConfig(kafka.properties())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(LINGER.toMillis()))
        .setRecordSerializer(
            (KafkaRecordSerializationSchema<StatusChange>)
                (change, context, timestamp) ->
                    new ProducerRecord<>(
                        topic,
                        change.getDocumentId().getBytes(StandardCharsets.UTF_8),
                        toJson(change)))
        .build();
  }

  static byte[] toJson(StatusChange change) {
    ObjectNode alert = JSON.createObjectNode();
    alert.put("alert_id", change.getAlertId());
    alert.put("app_id", change.getAppId());
    alert.put("message_id", change.getMessageId());
    alert.put("from", change.getFrom());
    alert.put("to", change.getTo());
    ArrayNode missing = alert.putArray("missing");
    change.getMissing().forEach(missing::add);
    ArrayNode late = alert.putArray("late");
    change.getLate().forEach(late::add);
    if (change.getStuckSince() != Verdict.NONE) {
      alert.put("stuck_since", EventParser.formatTime(change.getStuckSince()));
    }
    alert.put("at", EventParser.formatTime(change.getAt()));
    try {
      return JSON.writeValueAsBytes(alert);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an alert is always serializable", e);
    }
  }
}
