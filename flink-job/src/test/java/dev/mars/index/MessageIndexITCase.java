package dev.mars.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mars.elasticsearch.ElasticsearchConnection;
import dev.mars.event.MessageKey;
import dev.mars.lifecycle.IndexBuckets;
import dev.mars.lifecycle.MessageDocument;
import dev.mars.lifecycle.MessageState;
import dev.mars.lifecycle.RecordedEvent;
import dev.mars.lifecycle.Status;
import dev.mars.lifecycle.Verdict;
import dev.mars.testing.ElasticsearchExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The monthly message indices, reading documents back and retention, on a real Elasticsearch. */
class MessageIndexITCase {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long NOVEMBER = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
  private static final long JULY = Instant.parse("2026-07-02T10:00:00Z").toEpochMilli();

  private final IndexBuckets buckets = new IndexBuckets("messages-" + UUID.randomUUID());

  @Test
  void createsTheCurrentMonthBehindTheAliasAndGivesEveryNewMonthTheMappings() throws Exception {
    bucketedIndex().ensureExists(NOVEMBER);

    assertThat(aliasedIndices()).containsExactly(buckets.bucketFor(NOVEMBER));
    // A document of another month creates its index; the template makes it one of the alias's.
    write(document("m-1", JULY));
    assertThat(aliasedIndices())
        .containsExactlyInAnyOrder(buckets.bucketFor(NOVEMBER), buckets.bucketFor(JULY));
    JsonNode mapping = get("/" + buckets.bucketFor(JULY) + "/_mapping");
    assertThat(
            mapping.at("/" + buckets.bucketFor(JULY) + "/mappings/properties/status/type").asText())
        .isEqualTo("keyword");
  }

  @Test
  void refusesToStartOverASingleIndexOfTheAliassName() throws Exception {
    send("PUT", "/" + buckets.alias(), "{}");

    assertThatThrownBy(() -> bucketedIndex().ensureExists(NOVEMBER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("older Mars");
  }

  @Test
  void readsAWrittenDocumentBackAsTheStateItWasWrittenFrom() throws Exception {
    bucketedIndex().ensureExists(NOVEMBER);
    MessageDocument written = document("m-2", NOVEMBER);
    write(written);

    try (ElasticsearchMessageStore store =
        new ElasticsearchMessageStore(
            ElasticsearchConnection.of(List.of(url())), buckets.alias())) {
      store.open();
      MessageState read =
          store.load(List.of(written.getId(), "no-such-document")).get(written.getId());

      assertThat(read.getEvents()).isEqualTo(written.getEvents());
      assertThat(read.getIndex()).isEqualTo(written.getIndex());
      assertThat(read.getStatus()).isEqualTo("stuck");
      assertThat(read.getDeclaredMissing()).containsExactly("MESSAGE_REACHED_BACKEND");
      assertThat(read.getStatusChanges()).isEqualTo(1);
      assertThat(store.load(List.of("no-such-document"))).isEmpty();
    }
  }

  @Test
  @SuppressWarnings("deprecation") // the writer factory Flink 1.20 calls
  void dropsTheDaysPastRetentionAndTheMonthsAnOlderMarsLeftAndKeepsTheRest() throws Exception {
    bucketedIndex().ensureExists(NOVEMBER);
    long lastDayDropped = Instant.parse("2026-11-08T23:59:59Z").toEpochMilli();
    long firstDayKept = Instant.parse("2026-11-09T00:00:00Z").toEpochMilli();
    write(document("m-3", lastDayDropped));
    write(document("m-4", firstDayKept));
    String olderMarsMonth = buckets.alias() + "-2026.10"; // bucketed by month before
    send("PUT", "/" + olderMarsMonth, "{}");
    IndexRetention retention =
        new IndexRetention(ElasticsearchConnection.of(List.of(url())), buckets, 14, 3_600_000);

    try (var writer =
        retention.createWriter((org.apache.flink.api.connector.sink2.Sink.InitContext) null)) {
      writer.write(NOVEMBER, null); // 2026-11-23: days from 2026-11-09 on are kept
    }

    assertThat(buckets.bucketFor(NOVEMBER)).isEqualTo(buckets.alias() + "-2026.11.23");
    assertThat(aliasedIndices())
        .containsExactlyInAnyOrder(buckets.bucketFor(NOVEMBER), buckets.bucketFor(firstDayKept));
  }

  private BucketedIndex bucketedIndex() {
    return new BucketedIndex(
        ElasticsearchConnection.of(List.of(url())), buckets, MessageIndexRequests.MAPPINGS, 1, 0);
  }

  private MessageDocument document(String messageId, long createdAt) {
    MessageState state = new MessageState("app-00", messageId, buckets.bucketFor(createdAt));
    state.addAll(List.of(new RecordedEvent("e-" + messageId, "MESSAGE_CREATED", createdAt)));
    state.setStatus("stuck");
    state.setStatusChanges(1);
    Verdict verdict =
        new Verdict(
            Status.STUCK,
            List.of("MESSAGE_REACHED_BACKEND"),
            List.of(),
            List.of(),
            List.of("MESSAGE_REACHED_BACKEND"),
            createdAt + 10_000,
            Verdict.NONE,
            false);
    return MessageDocument.of(state, verdict, createdAt + 11_000);
  }

  private void write(MessageDocument document) throws Exception {
    assertThat(document.getId())
        .isEqualTo(MessageKey.documentId("app-00", document.getMessageId()));
    send(
        "PUT",
        "/" + document.getIndex() + "/_doc/" + document.getId() + "?refresh=true",
        new String(DocumentJson.toBytes(document), StandardCharsets.UTF_8));
  }

  private List<String> aliasedIndices() throws Exception {
    JsonNode aliases = get("/_alias/" + buckets.alias());
    List<String> indices = new ArrayList<>();
    aliases.fieldNames().forEachRemaining(indices::add);
    return indices;
  }

  private JsonNode get(String path) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + path)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private void send(String method, String path, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
  }

  private static String url() {
    return ELASTICSEARCH.url();
  }
}
