package dev.mars.ingest;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fails fast when saturated: past {@code max-in-flight} requests being served (including those
 * waiting for Kafka), a request gets 503 with Retry-After at once instead of queueing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class InFlightLimit extends OncePerRequestFilter {

  private final InFlightPermits permits;
  private final IngestProperties properties;
  private final IngestMetrics metrics;

  public InFlightLimit(
      InFlightPermits permits, IngestProperties properties, IngestMetrics metrics) {
    this.permits = permits;
    this.properties = properties;
    this.metrics = metrics;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !IngestRoutes.writes(request);
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return true;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!permits.tryAcquire()) {
      metrics.rejected("in_flight_limit", 1);
      Responses.write(response, 503, properties.retryAfterSeconds(), permits.refusal());
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            permits.release();
          }
        };
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new ReleaseOnEnd(release));
      } else {
        release.run();
      }
    }
  }

  private record ReleaseOnEnd(Runnable release) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      release.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      release.run();
    }

    @Override
    public void onError(AsyncEvent event) {
      release.run();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
