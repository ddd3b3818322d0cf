package dev.mars.ingest;

import jakarta.servlet.http.HttpServletRequest;

/** The HTTP routes that take events or increments: the ones keys and limits apply to. */
public final class IngestRoutes {

  private IngestRoutes() {}

  public static boolean writes(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return uri.startsWith("/api/") || uri.equals("/increment") || uri.startsWith("/increment/");
  }
}
