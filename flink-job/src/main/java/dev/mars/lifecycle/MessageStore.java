package dev.mars.lifecycle;

import java.io.IOException;
import java.io.Serializable;
import java.util.Optional;

/**
 * Where the documents of messages whose state expired are read back from, so that a late event
 * merges into what the index holds instead of overwriting it.
 */
public interface MessageStore extends Serializable, AutoCloseable {

  /** Called once per subtask before the first load. */
  default void open() {}

  /** The message as its document in {@code index} records it, or empty when there is none. */
  Optional<MessageState> load(String index, String documentId) throws IOException;

  @Override
  default void close() throws IOException {}
}
