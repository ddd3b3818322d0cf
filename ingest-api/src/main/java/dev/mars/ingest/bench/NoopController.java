package dev.mars.ingest.bench;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A benchmark baseline, served only with {@code mars.ingest.bench-endpoints=true}: parses the
 * request like {@code POST /api/event} and writes nothing, so a run can tell the cost of durability
 * from the cost of the web stack on the same server.
 */
@RestController
@ConditionalOnBooleanProperty("mars.ingest.bench-endpoints")
public class NoopController {

  @PostMapping(path = "/bench/noop", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<Object> noop(@RequestBody JsonNode body) {
    return ResponseEntity.accepted().body(Map.of("accepted", 1));
  }
}
