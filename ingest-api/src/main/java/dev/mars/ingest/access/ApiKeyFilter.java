package dev.mars.ingest.access;

import dev.mars.ingest.IngestMetrics;
import dev.mars.ingest.IngestRoutes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With ingest keys configured, the routes that write need one ({@code X-API-Key: <key>} or {@code
 * Authorization: Bearer <key>}): without a known key, 401 before the body is read. The key's grant
 * rides on the request for the app checks that follow.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiKeyFilter extends OncePerRequestFilter {

  public static final String API_KEY_HEADER = "X-API-Key";
  private static final String GRANT = AppGrant.class.getName();

  private final IngestKeys keys;
  private final IngestMetrics metrics;

  public ApiKeyFilter(IngestKeys keys, IngestMetrics metrics) {
    this.keys = keys;
    this.metrics = metrics;
  }

  /** The grant the request's key carries; everyone's when access control is off. */
  public static AppGrant grantOf(HttpServletRequest request) {
    Object grant = request.getAttribute(GRANT);
    return grant instanceof AppGrant known ? known : AppGrant.OPEN;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !keys.enabled() || !IngestRoutes.writes(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String presented = presentedKey(request);
    Optional<AppGrant> grant = keys.find(presented);
    if (grant.isEmpty()) {
      metrics.rejected("unauthenticated", 1);
      response.setStatus(401);
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mars-ingest\"");
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      response
          .getWriter()
          .write(
              presented == null
                  ? "{\"error\":\"an ingest key is required: header X-API-Key or Authorization:"
                      + " Bearer\"}"
                  : "{\"error\":\"the ingest key is not known\"}");
      return;
    }
    request.setAttribute(GRANT, grant.get());
    chain.doFilter(request, response);
  }

  static String presentedKey(HttpServletRequest request) {
    String key = request.getHeader(API_KEY_HEADER);
    if (key != null) {
      return key.strip();
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).strip();
    }
    return null;
  }
}
