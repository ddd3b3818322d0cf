package dev.mars.access;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The dashboard asked to listen beyond loopback while anyone may read every app's data. */
public class ExposedWithoutAccessControl extends RuntimeException {

  public ExposedWithoutAccessControl(String address) {
    super(address);
  }

  /** Says what is wrong and how to fix it, instead of a stack trace. */
  public static final class Analyzer extends AbstractFailureAnalyzer<ExposedWithoutAccessControl> {
    @Override
    protected FailureAnalysis analyze(Throwable root, ExposedWithoutAccessControl cause) {
      return new FailureAnalysis(
          "The Mars dashboard would listen beyond loopback (on "
              + cause.getMessage()
              + ") with access control off: anyone who reaches it could read every app's"
              + " messages.",
          "Configure users (MARS_DASHBOARD_USERS_FILE or MARS_DASHBOARD_USERS; `./mars user`"
              + " makes one) or a JWT issuer (spring.security.oauth2.resourceserver.jwt.*), or"
              + " listen on 127.0.0.1 (MARS_DASHBOARD_ADDRESS).",
          cause);
    }
  }
}
