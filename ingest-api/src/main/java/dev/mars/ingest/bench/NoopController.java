package dev.mars.ingest.bench;

import dev.mars.ingest.AsyncAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A benchmark baseline, served only with {@code mars.ingest.bench-endpoints=true}: parses the
 * request and answers like {@code POST /api/event}, and writes nothing, so a run can tell the cost
 * of durability from the cost of the web stack on the same server.
 */
@RestController
@ConditionalOnBooleanProperty("mars.ingest.bench-endpoints")
public class NoopController {

  private static final AsyncAnswer.Reply ACCEPTED =
      new AsyncAnswer.Reply(202, null, Map.of("accepted", 1));

  private final AsyncAnswer answer;

  public NoopController(AsyncAnswer answer) {
    this.answer = answer;
  }

  @PostMapping(path = "/bench/noop", consumes = MediaType.APPLICATION_JSON_VALUE)
  public void noop(
      @RequestBody JsonNode body, HttpServletRequest request, HttpServletResponse response) {
    answer.send(CompletableFuture.completedFuture(ACCEPTED), request, response);
  }
}
