package dev.mars.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryLanguageTest {

  private final QueryLanguage language = new QueryLanguage(100);

  @Test
  void turnsKibanaComparisonsIntoLuceneRangesOutsideQuotes() {
    assertThat(language.check("event_count >= 3 AND status_changes<2"))
        .isEqualTo("event_count:>=3 AND status_changes:<2");
    assertThat(language.check("message_id:\"a > b\"")).isEqualTo("message_id:\"a > b\"");
  }

  @Test
  void leavesABlankQueryToMatchEverything() {
    assertThat(language.check("  ")).isNull();
  }

  @Test
  void asksForAStagesExistenceAmongTheStageNames() {
    assertThat(language.check("stages.MESSAGE_CREATED:* AND NOT (stages.x.y:*)"))
        .isEqualTo("stage_names:\"MESSAGE_CREATED\" AND NOT (stage_names:\"x.y\")");
    assertThat(language.check("message_id:\"stages.a:*\"")).isEqualTo("message_id:\"stages.a:*\"");
  }

  @Test
  void searchesAnAttributeAsOneKeyValueTerm() {
    assertThat(language.check("attributes.channel:sms"))
        .isEqualTo("attribute_pairs:\"channel=sms\"");
    assertThat(language.check("attributes.channel:\"push web\" AND status:stuck"))
        .isEqualTo("attribute_pairs:\"channel=push web\" AND status:stuck");
    assertThat(language.check("NOT (attributes.x-y.z:*)"))
        .isEqualTo("NOT (attribute_pairs:x\\-y\\.z\\=*)");
    assertThat(language.check("attributes.channel:s?s")).isEqualTo("attribute_pairs:channel\\=s?s");
    assertThat(language.check("message_id:\"attributes.a:b\""))
        .isEqualTo("message_id:\"attributes.a:b\"");
  }

  @Test
  void refusesRangesOnStagesWhichTheIndexDoesNotMap() {
    assertThatThrownBy(() -> language.check("stage_durations_ms.MESSAGE_CREATED:>100"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.getMessage()).contains("existence only");
              assertThat(e.position()).isEqualTo(0);
            });
    assertThatThrownBy(() -> language.check("app_id:a AND stages.X:[now-1h TO now]"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.position()).isEqualTo(13));
  }

  @Test
  void namesThePositionOfAnUnexpectedCharacter() {
    assertThatThrownBy(() -> language.check("app_id:shop AND )"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("q");
              assertThat(e.position()).isEqualTo(16);
            });
  }

  @Test
  void pointsAtTheUsersQueryNotTheRewrittenOne() {
    assertThatThrownBy(() -> language.check("event_count > 3 AND )"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.position()).isEqualTo(20));
    assertThatThrownBy(() -> language.check("column 5 AND ("))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.position()).isEqualTo(14));
  }

  @Test
  void pointsAtAnUnclosedQuoteAfterANewline() {
    assertThatThrownBy(() -> language.check("message_id:\"abc\n"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.position()).isBetween(0, 16);
              assertThat(e.getMessage()).contains("syntax error");
            });
  }

  @Test
  void refusesAQueryLongerThanTheLimit() {
    assertThatThrownBy(() -> language.check("x".repeat(101))).hasMessageContaining("at most 100");
  }

  @Test
  void refusesLeadingWildcardsButNotExistence() {
    assertThatThrownBy(() -> language.check("message_id:?42"))
        .hasMessageContaining("leading wildcards");
    assertThat(language.check("message_id:*")).isEqualTo("message_id:*");
  }

  @Test
  void refusesTooManyClauses() {
    assertThatThrownBy(() -> new QueryLanguage(10_000).check("a OR ".repeat(70) + "a"))
        .hasMessageContaining("clauses");
  }
}
