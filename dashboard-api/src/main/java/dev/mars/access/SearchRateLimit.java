package dev.mars.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With access control on, each user may run {@code searches-per-second} searches (and change
 * listings) with a burst of twice that; past it, 429 with Retry-After. Searches are the requests
 * that cost Elasticsearch most, and it indexes on the same machines.
 */
final class SearchRateLimit extends OncePerRequestFilter {

  private static final int MAX_TRACKED_USERS = 100_000;

  private final double perSecond;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  SearchRateLimit(double perSecond) {
    this.perSecond = perSecond;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return perSecond <= 0
        || user() == null
        || !(uri.equals("/api/messages") || uri.equals("/api/changes"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (buckets.size() > MAX_TRACKED_USERS) {
      buckets.clear();
    }
    String user = user();
    long now = System.nanoTime();
    long waitMillis = buckets.computeIfAbsent(user, u -> new Bucket(now)).take(now);
    if (waitMillis > 0) {
      response.setStatus(429);
      response.setHeader(
          HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (waitMillis + 999) / 1000)));
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response
          .getWriter()
          .write(
              "{\"error\":\"at most "
                  + perSecond
                  + " searches per second per user (mars.access.searches-per-second)\"}");
      return;
    }
    chain.doFilter(request, response);
  }

  /** The authenticated user's name; null before authentication or for anonymous requests. */
  private static String user() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication == null
            || !authentication.isAuthenticated()
            || authentication instanceof AnonymousAuthenticationToken
        ? null
        : authentication.getName();
  }

  private final class Bucket {
    private double tokens = 2 * Math.max(1, perSecond);
    private long last;

    Bucket(long now) {
      last = now;
    }

    synchronized long take(long now) {
      double burst = 2 * Math.max(1, perSecond);
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perSecond * 1000);
    }
  }
}
