package dev.mars.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Elasticsearch mappings of a message document: the job writes the index template with them,
 * the dashboard's tests create their indices with them, so both agree on every field's type.
 */
public final class MessageMappings {

  private MessageMappings() {}

  public static String json() {
    try (InputStream in = MessageMappings.class.getResourceAsStream("message-mappings.json")) {
      if (in == null) {
        throw new IllegalStateException("message-mappings.json is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
