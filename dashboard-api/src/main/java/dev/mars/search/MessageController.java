package dev.mars.search;

import dev.mars.access.Viewer;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/messages/{message_id}}: one message's document. */
@RestController
@RequestMapping("/api/messages")
public class MessageController {

  private final MessageDocuments documents;

  public MessageController(MessageDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/{messageId}")
  public ResponseEntity<Object> message(
      @PathVariable String messageId,
      @RequestParam(name = "app_id", required = false) String appId,
      Viewer viewer)
      throws IOException {
    return documents
        .find(messageId, appId, viewer)
        .<ResponseEntity<Object>>map(ResponseEntity::ok)
        .orElseGet(
            () ->
                ResponseEntity.status(404)
                    .body(
                        Map.of(
                            "error",
                            "no message "
                                + messageId
                                + (appId == null ? "" : " of app " + appId))));
  }
}
