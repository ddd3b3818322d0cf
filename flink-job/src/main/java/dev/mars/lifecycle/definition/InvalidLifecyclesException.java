package dev.mars.lifecycle.definition;

/** A lifecycle definitions file that cannot be used; the message names the line and the field. */
public final class InvalidLifecyclesException extends RuntimeException {

  InvalidLifecyclesException(String message) {
    super(message);
  }
}
