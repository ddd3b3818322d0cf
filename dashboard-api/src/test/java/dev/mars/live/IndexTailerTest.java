package dev.mars.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.phoenix.PhoenixTimelines;
import dev.mars.stats.PipelineStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import tools.jackson.databind.JsonNode;

class IndexTailerTest {

  private static final LiveProperties PROPERTIES =
      new LiveProperties(
          Duration.ofMillis(250),
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofMinutes(10),
          Duration.ofMinutes(10),
          1000,
          List.of(),
          32,
          Duration.ofSeconds(10),
          1 << 20,
          1,
          100);

  private final List<Message<?>> sent = new ArrayList<>();

  @Test
  void givesEveryFrameTheListingsPlaceNotADocumentsNewerTime() {
    long now = System.currentTimeMillis();
    // Listed while the tailer catches up; "a" was written again before it was read.
    List<Change> listed = List.of(change("a", 1, now - 20_000), change("b", 1, now - 19_000));
    List<Change> read = List.of(change("b", 1, now - 19_000), change("a", 2, now));
    IndexTailer tailer = tailer(listed, read);

    tailer.poll();

    assertThat(sent)
        .extracting(message -> message.getHeaders().get("nativeHeaders").toString())
        .hasSize(4) // each version to /topic/messages and to its message's topic
        .allSatisfy(
            headers -> assertThat(headers).contains("mars-cursor=[" + (now - 20_000) + "]"));
  }

  private IndexTailer tailer(List<Change> listed, List<Change> read) {
    IndexReader index =
        new IndexReader(null) {
          @Override
          public Page list(long since, JsonNode query, int pageSize, JsonNode after) {
            return new Page(listed, null);
          }

          @Override
          public List<Change> read(Collection<String> ids) {
            return read;
          }
        };
    SimpMessagingTemplate stomp =
        new SimpMessagingTemplate(
            (message, timeout) -> {
              sent.add(message);
              return true;
            });
    return new IndexTailer(
        index,
        stomp,
        PROPERTIES,
        new LiveFilters(),
        new PipelineStats(null, null, stomp, new SimpleMeterRegistry()),
        new LiveOverlap(PROPERTIES),
        new PhoenixTimelines(PROPERTIES, new SimpleMeterRegistry()),
        new SinkWatermark(null, "unused") {
          @Override
          public synchronized java.util.OptionalLong writtenThrough(long now) {
            return java.util.OptionalLong.empty();
          }
        });
  }

  private static Change change(String id, long version, long updatedAt) {
    return new Change(
        id,
        version,
        updatedAt,
        Map.of(
            "message_id",
            id,
            "app_id",
            "app",
            "updated_at",
            java.time.Instant.ofEpochMilli(updatedAt).toString(),
            "last_seen",
            java.time.Instant.ofEpochMilli(updatedAt).toString()));
  }
}
