package dev.mars.alert;

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
  public List<JsonNode> recent() {
    return feed.recent();
  }
}
