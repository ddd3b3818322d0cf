package dev.mars.search;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * The search bar's language: Lucene query syntax as Elasticsearch's {@code query_string} reads it
 * ({@code field:value}, quoted phrases, wildcards, AND/OR/NOT, parentheses, {@code [a TO b]},
 * {@code field:>=3}, {@code field:*} for existence), plus Kibana's {@code field >= 3}. It is
 * checked here before Elasticsearch sees it: only the message document's fields, no leading
 * wildcards, no regular expressions or fuzzy terms, a bounded number of clauses; a syntax error
 * names its position.
 */
public final class QueryLanguage {

  /** Searched by a term that names no field. */
  public static final List<String> DEFAULT_FIELDS =
      List.of("message_id", "app_id", "status", "missing", "events.event");

  private static final List<String> FIELDS =
      List.of(
          "app_id",
          "message_id",
          "status",
          "missing",
          "late",
          "out_of_order",
          "stuck_since",
          "status_changes",
          "event_count",
          "first_seen",
          "last_seen",
          "updated_at",
          "events.event",
          "events.created_at");
  private static final Pattern DYNAMIC_FIELD =
      Pattern.compile("(stages|stage_durations_ms)\\.[A-Za-z0-9_.\\-]+");
  private static final Pattern COMPARISON =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(>=|<=|>|<)\\s*");
  private static final Pattern COLUMN = Pattern.compile("column (\\d+)");
  private static final String NO_FIELD = "\u0000default";
  private static final int MAX_CLAUSES = 64;

  private final int maxLength;

  public QueryLanguage(int maxLength) {
    this.maxLength = maxLength;
  }

  /**
   * The query as Elasticsearch should get it; {@code null} when blank (everything).
   *
   * @throws InvalidRequestException naming {@code q}, the problem and where it is
   */
  public String check(String query) {
    if (query == null || query.isBlank()) {
      return null;
    }
    if (query.length() > maxLength) {
      throw new InvalidRequestException(
          "q", "is " + query.length() + " characters long; at most " + maxLength + " are allowed");
    }
    String lucene = kibanaComparisons(query);
    QueryParser parser = new QueryParser(NO_FIELD, new KeywordAnalyzer());
    parser.setAllowLeadingWildcard(
        true); // so that field:* parses; leading wildcards are refused below
    Query parsed;
    try {
      parsed = parser.parse(lucene);
    } catch (ParseException e) {
      throw syntaxError(e, lucene);
    } catch (BooleanQuery.TooManyClauses e) {
      throw new InvalidRequestException("q", "has more than " + MAX_CLAUSES + " clauses");
    }
    new Checker(lucene).check(parsed);
    return lucene;
  }

  /** Kibana's {@code event_count >= 3} is Lucene's {@code event_count:>=3}. */
  static String kibanaComparisons(String query) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i <= query.length(); i++) {
      if (i == query.length() || query.charAt(i) == '"') {
        String part = query.substring(start, i);
        out.append(quoted ? part : COMPARISON.matcher(part).replaceAll("$1:$2"));
        if (i < query.length()) {
          out.append('"');
        }
        quoted = !quoted;
        start = i + 1;
      }
    }
    return out.toString();
  }

  private static InvalidRequestException syntaxError(ParseException e, String query) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher column = COLUMN.matcher(message);
    // The parser counts a token's columns from 0, a lexical error's from 1.
    Integer position =
        column.find()
            ? Integer.parseInt(column.group(1)) - (message.contains("Lexical error") ? 1 : 0)
            : null;
    String near =
        position == null
            ? ""
            : " at position "
                + position
                + (position < query.length()
                    ? " (near \""
                        + query.substring(position, Math.min(query.length(), position + 12))
                        + "\")"
                    : " (end of query)");
    String expected = message.contains("Was expecting") ? ": unbalanced or missing term" : "";
    if (message.contains("Lexical error")) {
      expected = ": unexpected character";
    }
    return new InvalidRequestException("q", "syntax error" + near + expected, position);
  }

  /** Walks the parsed query, refusing what Mars does not allow. */
  private final class Checker {
    private final String query;
    private int clauses;

    Checker(String query) {
      this.query = query;
    }

    void check(Query query) {
      if (++clauses > MAX_CLAUSES) {
        throw new InvalidRequestException("q", "has more than " + MAX_CLAUSES + " clauses");
      }
      if (query instanceof BooleanQuery bool) {
        for (BooleanClause clause : bool.clauses()) {
          check(clause.getQuery());
        }
      } else if (query instanceof BoostQuery boost) {
        check(boost.getQuery());
      } else if (query instanceof RegexpQuery regexp) {
        refuse(regexp.getRegexp().text(), "regular expressions are not allowed");
      } else if (query instanceof FuzzyQuery fuzzy) {
        refuse(fuzzy.getTerm().text(), "fuzzy terms (~) are not allowed");
      } else if (query instanceof WildcardQuery wildcard) {
        Term term = wildcard.getTerm();
        field(term.field(), term.text());
        String text = term.text();
        if (!text.equals("*") && (text.startsWith("*") || text.startsWith("?"))) {
          refuse(text, "leading wildcards are not allowed (they read every term of the field)");
        }
      } else if (query instanceof PrefixQuery prefix) {
        field(prefix.getPrefix().field(), prefix.getPrefix().text());
      } else if (query instanceof TermQuery term) {
        field(term.getTerm().field(), term.getTerm().text());
      } else if (query instanceof PhraseQuery phrase) {
        field(phrase.getField(), phrase.getTerms().length == 0 ? "" : phrase.getTerms()[0].text());
      } else if (query instanceof TermRangeQuery range) {
        field(range.getField(), range.getField());
      } else if (query instanceof MultiTermQuery multi) {
        field(multi.getField(), multi.getField());
      } else if (!(query instanceof MatchAllDocsQuery)) {
        throw new InvalidRequestException("q", "unsupported construct: " + query);
      }
    }

    private void field(String field, String near) {
      if (field.equals(NO_FIELD)
          || FIELDS.contains(field)
          || DYNAMIC_FIELD.matcher(field).matches()) {
        return;
      }
      int at = query.indexOf(field + ":");
      throw new InvalidRequestException(
          "q",
          "unknown field "
              + field
              + "; searchable: "
              + String.join(", ", FIELDS)
              + ", stages.<STAGE>, stage_durations_ms.<STAGE>",
          at < 0 ? null : at);
    }

    private void refuse(String text, String problem) {
      int at = query.indexOf(text);
      throw new InvalidRequestException(
          "q", problem + (at < 0 ? "" : " (at position " + at + ")"), at < 0 ? null : at);
    }
  }
}
