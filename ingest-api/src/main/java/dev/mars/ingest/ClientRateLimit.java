package dev.mars.ingest;

import dev.mars.ingest.access.ApiKeyFilter;
import dev.mars.ingest.access.AppGrant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client rate limit (off unless {@code rate-limit-per-client} is set): a token bucket per
 * ingest key (with access control on, only known keys get this far), else per {@code X-API-Key}
 * header, else per remote address; past it, 429 with Retry-After.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class ClientRateLimit extends OncePerRequestFilter {

  private static final int MAX_TRACKED_CLIENTS = 100_000;

  private final double perSecond;
  private final IngestMetrics metrics;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public ClientRateLimit(IngestProperties properties, IngestMetrics metrics) {
    this.perSecond = properties.rateLimitPerClient();
    this.metrics = metrics;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return perSecond <= 0 || !IngestRoutes.writes(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AppGrant grant = ApiKeyFilter.grantOf(request);
    String apiKey = request.getHeader(ApiKeyFilter.API_KEY_HEADER);
    String client =
        grant != AppGrant.OPEN
            ? "grant:" + grant.holder()
            : apiKey != null ? "key:" + apiKey : "addr:" + request.getRemoteAddr();
    if (buckets.size() > MAX_TRACKED_CLIENTS) {
      buckets.clear(); // a flood of distinct clients: forget them all rather than grow unbounded
    }
    long now = System.nanoTime();
    TokenBucket bucket = buckets.computeIfAbsent(client, c -> new TokenBucket(perSecond, now));
    long waitMillis = bucket.take(now);
    if (waitMillis > 0) {
      metrics.rejected("rate_limit", 1);
      Responses.write(
          response,
          429,
          String.valueOf(Math.max(1, (waitMillis + 999) / 1000)),
          "rate limit of " + perSecond + " requests per second exceeded");
      return;
    }
    chain.doFilter(request, response);
  }

  /** Refills at {@code perSecond}, holds at most one second's worth. */
  static final class TokenBucket {
    private final double perSecond;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, long nowNanos) {
      this.perSecond = perSecond;
      this.tokens = Math.max(1, perSecond);
      this.last = nowNanos;
    }

    /** Takes a token; returns 0, or the milliseconds until one is available. */
    synchronized long take(long nowNanos) {
      tokens = Math.min(Math.max(1, perSecond), tokens + (nowNanos - last) / 1e9 * perSecond);
      last = nowNanos;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perSecond * 1000);
    }
  }
}
