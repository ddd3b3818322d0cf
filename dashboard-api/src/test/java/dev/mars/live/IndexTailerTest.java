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
  private final List<Collection<String>> reads = new ArrayList<>();
  private final List<Long> listedFrom = new ArrayList<>();
  private final LiveFilters filters = new LiveFilters();
  private final PhoenixTimelines timelines =
      new PhoenixTimelines(PROPERTIES, new SimpleMeterRegistry());
  private final FeedAudience audience = new FeedAudience(filters, timelines);
  private java.util.OptionalLong watermark = java.util.OptionalLong.empty();

  @Test
  void givesEveryFrameTheListingsPlaceNotADocumentsNewerTime() {
    long now = System.currentTimeMillis();
    // Listed while the tailer catches up; "a" was written again before it was read.
    List<Change> listed = List.of(change("a", 1, now - 20_000), change("b", 1, now - 19_000));
    List<Change> read = List.of(change("b", 1, now - 19_000), change("a", 2, now));
    IndexTailer tailer = tailer(listed, read);
    audience.subscribed();

    tailer.poll();

    assertThat(sent)
        .extracting(message -> message.getHeaders().get("nativeHeaders").toString())
        .hasSize(4) // each version to /topic/messages and to its message's topic
        .allSatisfy(
            headers -> assertThat(headers).contains("mars-cursor=[" + (now - 20_000) + "]"));
  }

  @Test
  void readsNoDocumentWhileNobodyWatchesAndPushesWhatChangesOnceSomeoneDoes() {
    long now = System.currentTimeMillis();
    List<Change> listing = new ArrayList<>(List.of(change("a", 1, now - 2_000)));
    IndexTailer tailer = tailer(listing, () -> List.of(change("b", 1, now - 1_000)));

    tailer.poll();

    assertThat(reads).isEmpty();
    assertThat(sent).isEmpty();

    audience.subscribed();
    listing.add(change("b", 1, now - 1_000));
    tailer.poll();

    assertThat(reads).containsExactly(List.of("b")); // "a" went by while nobody watched
    assertThat(sent)
        .extracting(message -> message.getHeaders().get("nativeHeaders").toString())
        .hasSize(2)
        .allSatisfy(headers -> assertThat(headers).contains("mars-id=[b]"));

    audience.unsubscribed();
    listing.add(change("c", 1, now));
    tailer.poll();

    assertThat(reads).hasSize(1);
  }

  @Test
  void listsOnlyWhatIsNewerThanTheNewestChangeWhileNobodyWatches() {
    long newest = System.currentTimeMillis() + 10_000;
    IndexTailer tailer = tailer(List.of(change("a", 1, newest)), List.of());

    tailer.poll();
    tailer.poll();
    audience.subscribed();
    tailer.poll();

    assertThat(listedFrom.get(1)).isEqualTo(newest);
    assertThat(listedFrom.get(2)).isEqualTo(newest - PROPERTIES.overlap().toMillis());
  }

  @Test
  void forgetsWhatItSentOnceNobodyWatchesEvenIfTheSinkWasHoldingItBack() {
    long now = System.currentTimeMillis();
    List<Change> listing = new ArrayList<>(List.of(change("a", 1, now)));
    watermark = java.util.OptionalLong.of(now - 60_000); // a sink far behind
    IndexTailer tailer = tailer(listing, () -> List.of(change("a", 1, now)));
    audience.subscribed();
    tailer.poll();
    audience.unsubscribed();

    listing.clear();
    listing.add(change("b", 1, now + 60_000));
    tailer.poll();
    listing.clear();
    listing.add(change("c", 1, now + 120_000));
    tailer.poll();

    assertThat(tailer.tracker().remembered()).isEqualTo(1); // "c" only
  }

  private IndexTailer tailer(List<Change> listed, List<Change> read) {
    return tailer(listed, () -> read);
  }

  private IndexTailer tailer(List<Change> listed, java.util.function.Supplier<List<Change>> read) {
    IndexReader index =
        new IndexReader(null) {
          @Override
          public Page list(long since, JsonNode query, int pageSize, JsonNode after) {
            listedFrom.add(since);
            return new Page(List.copyOf(listed), null);
          }

          @Override
          public List<Change> read(Collection<String> ids) {
            reads.add(List.copyOf(ids));
            return read.get();
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
        filters,
        new PipelineStats(null, null, stomp, new SimpleMeterRegistry()),
        new LiveOverlap(PROPERTIES),
        timelines,
        new SinkWatermark(null, "unused") {
          @Override
          public synchronized java.util.OptionalLong writtenThrough(long now) {
            return watermark;
          }
        },
        audience);
  }

  private static Change change(String id, long version, long updatedAt) {
    return new Change(
        id,
        version,
        updatedAt,
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
