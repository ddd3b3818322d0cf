package dev.mars.index;

/**
 * One document to write whole under its id.
 *
 * @param key what the document is about (a message's or a counter's key), for its dead letter
 */
public record BulkAction(String index, String id, byte[] source, String key) {}
