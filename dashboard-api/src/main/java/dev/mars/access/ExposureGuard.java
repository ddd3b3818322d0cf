package dev.mars.access;

import dev.mars.security.Loopback;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the dashboard would listen beyond loopback with access control off. An
 * empty address is every interface.
 */
@Component
public class ExposureGuard {

  public ExposureGuard(Environment environment, Viewers viewers) {
    String address = environment.getProperty("server.address");
    if (!viewers.accessControl() && !Loopback.isLoopback(address)) {
      throw new ExposedWithoutAccessControl(address == null || address.isBlank() ? "*" : address);
    }
  }
}
