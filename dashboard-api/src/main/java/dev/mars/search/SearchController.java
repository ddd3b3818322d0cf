package dev.mars.search;

import dev.mars.access.Viewer;
import java.io.IOException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/messages?q=&from=&to=&size=&sort=&after=}: Kibana-style search over the message
 * documents (see {@link QueryLanguage}); {@code next} is the {@code after} of the following page.
 */
@RestController
public class SearchController {

  private final MessageSearch search;

  public SearchController(MessageSearch search) {
    this.search = search;
  }

  @GetMapping("/api/messages")
  public ObjectNode search(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "50") int size,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String after,
      Viewer viewer)
      throws IOException {
    return search.search(
        new MessageSearch.Criteria(
            q, new TimeRange(from, to), SearchSort.parse(sort), size, after, viewer));
  }
}
