package dev.mars.ingest.access;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A listener asked to bind beyond loopback while nobody needs a key to write. */
public class ExposedWithoutAccessControl extends RuntimeException {

  public ExposedWithoutAccessControl(String listeners) {
    super(listeners);
  }

  /** Says what is wrong and how to fix it, instead of a stack trace. */
  public static final class Analyzer extends AbstractFailureAnalyzer<ExposedWithoutAccessControl> {
    @Override
    protected FailureAnalysis analyze(Throwable root, ExposedWithoutAccessControl cause) {
      return new FailureAnalysis(
          "Mars ingest would listen beyond loopback ("
              + cause.getMessage()
              + ") with access control off: anyone who reaches it could write any app's events.",
          "Configure ingest keys (MARS_INGEST_KEYS_FILE or MARS_INGEST_KEYS; `./mars key` makes"
              + " one), or listen on 127.0.0.1 (MARS_INGEST_ADDRESS, MARS_INGEST_GRPC_ADDRESS).",
          cause);
    }
  }
}
