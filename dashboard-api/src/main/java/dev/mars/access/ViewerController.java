package dev.mars.access;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who the dashboard takes the caller for and which apps they see, so the UI
 * can say so (and offer to sign out).
 */
@RestController
public class ViewerController {

  private final Viewers viewers;

  public ViewerController(Viewers viewers) {
    this.viewers = viewers;
  }

  @GetMapping("/api/me")
  public Map<String, Object> me(Viewer viewer) {
    return Map.of(
        "name", viewer.name(),
        "apps", viewer.everyApp() ? List.of("*") : List.copyOf(new TreeSet<>(viewer.apps())),
        "access_control", viewers.accessControl());
  }
}
