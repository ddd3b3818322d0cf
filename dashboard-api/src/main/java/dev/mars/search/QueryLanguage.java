package dev.mars.search;

import java.util.Arrays;
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
      List.of("message_id", "app_id", "status", "missing", "events.event", "external_id");

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
          "events.created_at",
          "stage_names",
          "external_id",
          "attribute_pairs");

  /**
   * {@code stages.NAME:*}: stage names are the clients' text, so the index holds them as values of
   * {@code stage_names}, never as field names; existence is asked there.
   */
  private static final Pattern STAGE_EXISTS =
      Pattern.compile("stages\\.([A-Za-z0-9_.\\-]+):\\*(?=$|[\\s)])");

  /**
   * {@code attributes.KEY:VALUE}: attributes are the clients' text too, indexed as {@code
   * KEY=VALUE} terms of {@code attribute_pairs}; a quoted value or a term, wildcards allowed after
   * the key.
   */
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "attributes\\.([A-Za-z0-9_.\\-]{1,64}):(\"(?:[^\"\\\\]|\\\\.)*\"|(?:[^\\s()\"\\\\]|\\\\.)+)(?=$|[\\s)])");

  private static final Pattern STAGE_FIELD = Pattern.compile("(stages|stage_durations_ms)\\..+");
  private static final Pattern COMPARISON =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(>=|<=|>|<)\\s*");
  private static final Pattern LEXICAL_COLUMN =
      Pattern.compile("^Lexical error at line \\d+, column (\\d+)");
  private static final String NO_FIELD = "\u0000default";
  private static final int MAX_CLAUSES = 64;

  private final int maxLength;

  public QueryLanguage(int maxLength) {
    this.maxLength = maxLength;
  }

  /**
   * The query as Elasticsearch should get it; {@code null} when blank (everything).
   *
   * @throws InvalidRequestException naming {@code q}, the problem and where it is in the query
   */
  public String check(String query) {
    if (query == null || query.isBlank()) {
      return null;
    }
    if (query.length() > maxLength) {
      throw new InvalidRequestException(
          "q", "is " + query.length() + " characters long; at most " + maxLength + " are allowed");
    }
    Rewrite rewrite = new Rewrite(query);
    QueryParser parser = new QueryParser(NO_FIELD, new KeywordAnalyzer());
    // So that field:* parses; leading wildcards are refused below.
    parser.setAllowLeadingWildcard(true);
    Query parsed;
    try {
      parsed = parser.parse(rewrite.text);
    } catch (ParseException e) {
      if (e.getCause() instanceof BooleanQuery.TooManyClauses) {
        throw new InvalidRequestException("q", "has more than " + MAX_CLAUSES + " clauses");
      }
      throw syntaxError(e, rewrite, query);
    }
    new Checker(rewrite).check(parsed);
    return rewrite.text;
  }

  /**
   * The query with Kibana's comparisons ({@code event_count >= 3}) rewritten to Lucene's ({@code
   * event_count:>=3}) outside quotes, and for each of its characters where it came from, so that a
   * problem is reported where the user wrote it.
   */
  private static final class Rewrite {
    final String text;
    private final int[] origin;

    Rewrite(String query) {
      StringBuilder out = new StringBuilder();
      // Each rewrite makes at most half again as many characters as it replaces.
      int[] from = new int[query.length() * 2 + 1];
      boolean quoted = false;
      int i = 0;
      while (i < query.length()) {
        char c = query.charAt(i);
        if (!quoted && startsTerm(query, i)) {
          Matcher exists = STAGE_EXISTS.matcher(query).region(i, query.length());
          if (exists.lookingAt()) {
            for (char r : ("stage_names:\"" + exists.group(1) + "\"").toCharArray()) {
              from[out.length()] = i;
              out.append(r);
            }
            i = exists.end();
            continue;
          }
          Matcher attribute = ATTRIBUTE.matcher(query).region(i, query.length());
          if (attribute.lookingAt()) {
            for (char r : pairTerm(attribute.group(1), attribute.group(2)).toCharArray()) {
              from[out.length()] = i;
              out.append(r);
            }
            i = attribute.end();
            continue;
          }
          Matcher comparison = COMPARISON.matcher(query).region(i, query.length());
          if (comparison.lookingAt()) {
            for (int k = comparison.start(1); k < comparison.end(1); k++) {
              from[out.length()] = k;
              out.append(query.charAt(k));
            }
            from[out.length()] = comparison.start(2);
            out.append(':');
            for (int k = comparison.start(2); k < comparison.end(2); k++) {
              from[out.length()] = k;
              out.append(query.charAt(k));
            }
            i = comparison.end();
            continue;
          }
        }
        if (c == '"') {
          quoted = !quoted;
        }
        from[out.length()] = i;
        out.append(c);
        i++;
      }
      from[out.length()] = query.length();
      this.text = out.toString();
      this.origin = Arrays.copyOf(from, out.length() + 1);
    }

    /**
     * {@code attribute_pairs:"KEY=VALUE"}, or unquoted with the {@code =} escaped for wildcards.
     */
    private static String pairTerm(String key, String value) {
      if (value.startsWith("\"")) {
        return "attribute_pairs:\"" + key + "=" + value.substring(1);
      }
      boolean wildcard = false;
      for (int k = 0; k < value.length(); k++) {
        char c = value.charAt(k);
        if (c == '\\') {
          k++;
        } else if (c == '*' || c == '?') {
          wildcard = true;
        }
      }
      if (!wildcard) {
        return "attribute_pairs:\"" + key + "=" + value + "\"";
      }
      StringBuilder escaped = new StringBuilder("attribute_pairs:");
      for (char c : key.toCharArray()) {
        escaped.append(Character.isLetterOrDigit(c) || c == '_' ? "" : "\\").append(c);
      }
      return escaped.append("\\=").append(value).toString();
    }

    private static boolean startsTerm(String query, int at) {
      if (at == 0) {
        return true;
      }
      char before = query.charAt(at - 1);
      return !Character.isLetterOrDigit(before) && before != '_' && before != '.';
    }

    /** Where a position of the rewritten query is in the user's. */
    int originOf(int position) {
      return origin[Math.max(0, Math.min(position, origin.length - 1))];
    }
  }

  private static InvalidRequestException syntaxError(
      ParseException e, Rewrite rewrite, String query) {
    Integer at = null;
    boolean lexical = false;
    // The parser wraps what went wrong: a ParseException at a token, or a lexical error.
    if (e.getCause() instanceof ParseException token
        && token.currentToken != null
        && token.currentToken.next != null) {
      at = token.currentToken.next.beginColumn; // the parser counts a token's columns from 0
    } else if (e.getCause() != null && e.getCause().getMessage() != null) {
      Matcher column = LEXICAL_COLUMN.matcher(e.getCause().getMessage());
      if (column.find()) {
        at = Integer.parseInt(column.group(1)) - 1; // and a lexical error's from 1
        lexical = true;
      }
    }
    Integer position = at == null ? null : rewrite.originOf(at);
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
    String expected = lexical ? ": unexpected character or unclosed quote" : "";
    if (!lexical && e.getMessage() != null && e.getMessage().contains("Was expecting")) {
      expected = ": unbalanced or missing term";
    }
    return new InvalidRequestException("q", "syntax error" + near + expected, position);
  }

  /** Walks the parsed query, refusing what Mars does not allow. */
  private final class Checker {
    private final String query;
    private final Rewrite rewrite;
    private int clauses;

    Checker(Rewrite rewrite) {
      this.query = rewrite.text;
      this.rewrite = rewrite;
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
      if (field.equals(NO_FIELD) || FIELDS.contains(field)) {
        return;
      }
      int at = query.indexOf(field + ":");
      if (STAGE_FIELD.matcher(field).matches()) {
        throw new InvalidRequestException(
            "q",
            field
                + ": a stage can be searched for existence only (stages.<STAGE>:*, or"
                + " stage_names:\"<STAGE>\"); for times use first_seen, last_seen or"
                + " events.created_at",
            at < 0 ? null : rewrite.originOf(at));
      }
      throw new InvalidRequestException(
          "q",
          "unknown field "
              + field
              + "; searchable: "
              + String.join(", ", FIELDS)
              + ", stages.<STAGE>:*",
          at < 0 ? null : rewrite.originOf(at));
    }

    private void refuse(String text, String problem) {
      int found = query.indexOf(text);
      Integer at = found < 0 ? null : rewrite.originOf(found);
      throw new InvalidRequestException(
          "q", problem + (at == null ? "" : " (at position " + at + ")"), at);
    }
  }
}
