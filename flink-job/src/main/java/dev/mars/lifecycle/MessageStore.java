package dev.mars.lifecycle;

import java.io.IOException;
import java.io.Serializable;
import java.util.Collection;
import java.util.Map;

/**
 * Where the documents of messages the job holds no state for are read back from: before a message
 * is first written, the job asks whether the index already holds it (its state expired, or the job
 * never saw it), so an event merges into what is written instead of overwriting it.
 */
public interface MessageStore extends Serializable, AutoCloseable {

  /** Called once per subtask before the first load. */
  default void open() {}

  /**
   * The documents the index holds among {@code documentIds}, each as the state it was written from
   * (with the index it lives in); ids without a document are left out.
   */
  Map<String, MessageState> load(Collection<String> documentIds) throws IOException;

  @Override
  default void close() throws IOException {}
}
