package dev.mars.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTopicTest {

  @Test
  void cutsARecordTooLargeToBeWrittenAgainAndSaysSo() {
    DeadLetter letter =
        new DeadLetter(
            "mars.events", 3, 42, "k".getBytes(), new byte[10 * 1024 * 1024], "x".repeat(5_000));

    ProducerRecord<byte[], byte[]> record = DeadLetterTopic.record("mars.events.dlq", letter);

    assertThat(record.value()).hasSize(DeadLetterTopic.MAX_BYTES);
    assertThat(record.key()).containsExactly('k');
    assertThat(header(record, DeadLetterTopic.TRUNCATED_HEADER)).isEqualTo("key 1, value 10485760");
    assertThat(header(record, DeadLetterTopic.REASON_HEADER))
        .hasSize(DeadLetterTopic.MAX_REASON_LENGTH);
    assertThat(header(record, DeadLetterTopic.SOURCE_HEADER)).isEqualTo("mars.events-3@42");
  }

  @Test
  void keepsARecordThatFitsAsItCame() {
    DeadLetter letter =
        new DeadLetter("mars.events", 0, 7, null, "not json".getBytes(), "value is not JSON");

    ProducerRecord<byte[], byte[]> record = DeadLetterTopic.record("mars.events.dlq", letter);

    assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(record.headers().lastHeader(DeadLetterTopic.TRUNCATED_HEADER)).isNull();
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
