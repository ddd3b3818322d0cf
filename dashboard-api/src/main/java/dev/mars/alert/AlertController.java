package dev.mars.alert;

import dev.mars.access.Viewer;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/alerts}: the latest status changes, newest first. */
@RestController
public class AlertController {

  private final AlertFeed feed;

  public AlertController(AlertFeed feed) {
    this.feed = feed;
  }

  @GetMapping("/api/alerts")
  public List<JsonNode> recent(Viewer viewer) {
    return viewer.everyApp()
        ? feed.recent()
        : feed.recent().stream()
            .filter(alert -> viewer.allows(alert.path("app_id").asString(null)))
            .toList();
  }
}
