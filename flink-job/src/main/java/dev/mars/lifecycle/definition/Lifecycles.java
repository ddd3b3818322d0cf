package dev.mars.lifecycle.definition;

import java.io.Serializable;
import java.util.Map;

/** The lifecycle of every app: its own where one is defined, else the default. */
public final class Lifecycles implements Serializable {

  private final Lifecycle fallback;
  private final Map<String, Lifecycle> byApp;

  public Lifecycles(Lifecycle fallback, Map<String, Lifecycle> byApp) {
    this.fallback = fallback;
    this.byApp = Map.copyOf(byApp);
  }

  public Lifecycle forApp(String appId) {
    return byApp.getOrDefault(appId, fallback);
  }

  public Lifecycle fallback() {
    return fallback;
  }

  public Map<String, Lifecycle> byApp() {
    return byApp;
  }
}
