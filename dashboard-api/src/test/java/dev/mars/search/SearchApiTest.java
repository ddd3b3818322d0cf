package dev.mars.search;

import static dev.mars.MessageIndex.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mars.MessageIndex;
import dev.mars.testing.ElasticsearchExtension;
import dev.mars.testing.Infra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The search API's query language, paging and aggregations against a real Elasticsearch. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchApiTest {

  @RegisterExtension
  static final ElasticsearchExtension ELASTICSEARCH = new ElasticsearchExtension();

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Instant HALF_AN_HOUR_AGO = NOW.minus(Duration.ofMinutes(30));
  private static final Instant THREE_HOURS_AGO = NOW.minus(Duration.ofHours(3));
  private static final String CREATED = "MESSAGE_CREATED";
  private static final String BACKEND = "MESSAGE_REACHED_BACKEND";
  private static final String FRONTEND = "MESSAGE_REACHED_FRONTEND";
  private static MessageIndex index;

  @DynamicPropertySource
  static void elasticsearch(DynamicPropertyRegistry registry) {
    registry.add("mars.search.hosts", ELASTICSEARCH::url);
    registry.add("mars.search.index", () -> index.name());
    registry.add("mars.kafka.bootstrap-servers", () -> "127.0.0.1:" + Infra.freePort());
  }

  @LocalServerPort int port;

  @BeforeAll
  static void messages() {
    index = MessageIndex.create(ELASTICSEARCH.url());
    index.put(
        message("shop", "m1")
            .event(CREATED, HALF_AN_HOUR_AGO)
            .event(BACKEND, HALF_AN_HOUR_AGO.plusSeconds(1))
            .event(FRONTEND, HALF_AN_HOUR_AGO.plusSeconds(2))
            .status("complete"),
        message("shop", "m2")
            .event(CREATED, HALF_AN_HOUR_AGO)
            .event(BACKEND, HALF_AN_HOUR_AGO.plusSeconds(1))
            .status("stuck", FRONTEND),
        message("pay", "m3")
            .event(CREATED, HALF_AN_HOUR_AGO.plusSeconds(5))
            .attribute("channel", "sms")
            .externalId("ext-3"),
        message("pay", "m4")
            .event(CREATED, THREE_HOURS_AGO)
            .event(BACKEND, THREE_HOURS_AGO.plusSeconds(1))
            .event(FRONTEND, THREE_HOURS_AGO.plusSeconds(2))
            .attribute("channel", "push")
            .status("complete"),
        message("mail", "order 42").event(CREATED, HALF_AN_HOUR_AGO));
    List<MessageIndex.Message> pages = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // Groups of three share last_seen: paging must not depend on it being unique.
      pages.add(message("paging", "p" + i).event(CREATED, THREE_HOURS_AGO.plusSeconds(i / 3)));
    }
    index.put(pages.toArray(MessageIndex.Message[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "app_id:shop | m1 m2",
        "message_id:\"order 42\" | order 42",
        "message_id:ord* | order 42",
        "message_id:m? | m1 m2 m3 m4",
        "stuck | m2",
        "app_id:shop AND stages.MESSAGE_REACHED_BACKEND:* AND NOT stages.MESSAGE_REACHED_FRONTEND:* | m2",
        "(app_id:pay OR status:stuck) AND event_count >= 2 | m2 m4",
        "event_count:>=3 | m1 m4",
        "app_id:(shop OR pay) AND NOT status:complete | m2 m3",
        "missing:MESSAGE_REACHED_FRONTEND | m2",
        "NOT app_id:paging AND stages.MESSAGE_CREATED:* AND first_seen:[now-1h TO now] | m1 m2 m3 order 42",
        "app_id:pay AND last_seen:<now-2h | m4",
        "attributes.channel:sms | m3",
        "attributes.channel:* | m3 m4",
        "NOT attributes.channel:sms AND app_id:pay | m4",
        "ext-3 | m3",
      })
  void findsWhatEachConstructSelects(String query, String expected) throws Exception {
    JsonNode page = search("q=" + encode(query) + "&size=100");

    assertThat(messageIds(page)).as(query).containsExactlyInAnyOrder(expectedIds(expected));
  }

  @Test
  void appliesTheTimeRangeToLastSeen() throws Exception {
    JsonNode lastHour = search("q=" + encode("NOT app_id:paging") + "&from=now-1h&to=now");
    JsonNode before =
        search("q=" + encode("NOT app_id:paging") + "&to=" + NOW.minus(Duration.ofHours(2)));

    assertThat(messageIds(lastHour)).containsExactlyInAnyOrder("m1", "m2", "m3", "order 42");
    assertThat(messageIds(before)).containsExactly("m4");
  }

  @Test
  void pointsAtASyntaxError() throws Exception {
    HttpResponse<String> response = get("/api/messages?q=" + encode("app_id:(shop OR"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.get("field").asString()).isEqualTo("q");
    assertThat(error.get("problem").asString()).contains("syntax error at position 15");
    assertThat(error.get("position").asInt()).isEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "message_id:*42 | leading wildcards are not allowed",
        "app_id:/sh.p/ | regular expressions are not allowed",
        "app_id:shop~2 | fuzzy terms",
        "password:secret | unknown field password",
      })
  void refusesForbiddenConstructs(String query, String problem) throws Exception {
    HttpResponse<String> response = get("/api/messages?q=" + encode(query));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("problem").asString()).contains(problem);
  }

  @Test
  void refusesBadParametersNamingThem() throws Exception {
    Map<String, String> cases = new HashMap<>();
    cases.put("from=yesterday", "from");
    cases.put("size=100000", "size");
    cases.put("size=ten", "size");
    cases.put("sort=message_id", "sort");
    cases.put("after=bm90LWEtY3Vyc29y", "after");
    cases.put("q=" + "a".repeat(2001), "q");
    for (Map.Entry<String, String> bad : cases.entrySet()) {
      HttpResponse<String> response = get("/api/messages?" + bad.getKey());

      assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("field").asString())
          .as(bad.getKey())
          .isEqualTo(bad.getValue());
    }
  }

  @Test
  void pagesWithoutGapOrRepeat() throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      JsonNode page =
          search(
              "q=app_id:paging&size=5&sort=last_seen:desc"
                  + (after == null ? "" : "&after=" + after));
      page.get("hits").forEach(seen::add);
      after = page.get("next").isNull() ? null : page.get("next").asString();
      pages++;
    } while (after != null && pages < 10);

    List<String> ids = seen.stream().map(hit -> hit.get("message_id").asString()).toList();
    List<String> expected =
        seen.stream()
            .sorted(
                Comparator.comparing((JsonNode hit) -> hit.get("last_seen").asString())
                    .reversed()
                    .thenComparing(hit -> hit.get("message_id").asString()))
            .map(hit -> hit.get("message_id").asString())
            .toList();
    assertThat(ids).hasSize(23).doesNotHaveDuplicates().isEqualTo(expected);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void countsByStatusAppAndMissingStageAndDrawsTheHistogram() throws Exception {
    JsonNode page = search("q=" + encode("app_id:(shop OR pay)"));

    JsonNode aggregations = page.get("aggregations");
    assertThat(page.get("total").get("value").asLong()).isEqualTo(4);
    assertThat(page.get("total").get("relation").asString()).isEqualTo("eq");
    assertThat(counts(aggregations.get("status")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("complete", 2L, "stuck", 1L, "in_progress", 1L));
    assertThat(counts(aggregations.get("app_id")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("shop", 2L, "pay", 2L));
    assertThat(counts(aggregations.get("missing"))).containsExactlyEntriesOf(Map.of(FRONTEND, 1L));
    assertThat(counts(aggregations.get("attributes")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("channel=sms", 1L, "channel=push", 1L));
    long histogramTotal = 0;
    for (JsonNode bucket : aggregations.get("histogram").get("buckets")) {
      histogramTotal += bucket.get("count").asLong();
    }
    assertThat(histogramTotal).isEqualTo(4);
    assertThat(aggregations.get("histogram").get("interval").asString()).isNotEmpty();
  }

  @Test
  void showsAMessagesTimelineDurationsAndMissingStages() throws Exception {
    JsonNode message = JSON.readTree(get("/api/messages/m2?app_id=shop").body());

    assertThat(message.get("status").asString()).isEqualTo("stuck");
    assertThat(message.get("missing").get(0).asString()).isEqualTo(FRONTEND);
    assertThat(message.get("events")).hasSize(2);
    assertThat(message.get("stage_durations_ms").get(BACKEND).asLong()).isEqualTo(1000);
  }

  private static Map<String, Long> counts(JsonNode buckets) {
    Map<String, Long> counts = new HashMap<>();
    buckets.forEach(b -> counts.put(b.get("key").asString(), b.get("count").asLong()));
    return counts;
  }

  private static String[] expectedIds(String expected) {
    return expected.contains("order 42")
        ? concat(expected.replace("order 42", "").trim(), "order 42")
        : expected.trim().split(" ");
  }

  private static String[] concat(String ids, String extra) {
    List<String> all = new ArrayList<>(ids.isEmpty() ? List.of() : List.of(ids.split(" ")));
    all.add(extra);
    return all.toArray(String[]::new);
  }

  private static List<String> messageIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("hits").forEach(hit -> ids.add(hit.get("message_id").asString()));
    return ids;
  }

  private JsonNode search(String query) throws Exception {
    HttpResponse<String> response = get("/api/messages?" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
