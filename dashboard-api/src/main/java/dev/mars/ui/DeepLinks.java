package dev.mars.ui;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Links to one message's live timeline: {@code /messages/<message_id>}, and Mars's own {@code
 * /search/event?message_id=<message_id>}. Both serve the UI, which reads the id from its address.
 */
@Controller
class DeepLinks {

  @GetMapping({"/messages/{messageId}", "/search/event"})
  String page() {
    return "forward:/index.html";
  }
}
