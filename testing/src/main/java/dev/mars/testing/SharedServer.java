package dev.mars.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/** Keeps one server per test JVM in the root store, closed when the whole run ends. */
final class SharedServer {

  private static final Namespace NAMESPACE = Namespace.create(SharedServer.class);

  private SharedServer() {}

  static <T extends AutoCloseable> T get(
      ExtensionContext context, Class<T> type, Supplier<T> start) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(type.getName(), key -> start.get(), type);
  }
}
