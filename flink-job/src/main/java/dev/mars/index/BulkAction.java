package dev.mars.index;

/**
 * One document to write whole under its id.
 *
 * @param key what the document is about (a message's or a counter's key), for its dead letter
 * @param sendTimeAt where in {@code source} the time it is sent goes ({@link SendTime}), or -1
 */
public record BulkAction(String index, String id, byte[] source, String key, int sendTimeAt) {

  public BulkAction(String index, String id, byte[] source, String key) {
    this(index, id, source, key, -1);
  }
}
