package dev.mars.ingest.access;

import dev.mars.security.Loopback;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a listener would bind beyond loopback with access control off. An empty
 * address is every interface, as Spring and gRPC read it.
 */
@Component
public class ExposureGuard {

  public ExposureGuard(Environment environment, IngestKeys keys) {
    if (keys.enabled()) {
      return;
    }
    List<String> wide = new ArrayList<>();
    check("HTTP", environment.getProperty("server.address"), wide);
    check("gRPC", environment.getProperty("spring.grpc.server.address"), wide);
    if (!wide.isEmpty()) {
      throw new ExposedWithoutAccessControl(String.join(", ", wide));
    }
  }

  private static void check(String listener, String address, List<String> wide) {
    if (!Loopback.isLoopback(address)) {
      wide.add(listener + " on " + (address == null || address.isBlank() ? "*" : address));
    }
  }
}
