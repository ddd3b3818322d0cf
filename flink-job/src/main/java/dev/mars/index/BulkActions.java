package dev.mars.index;

import java.io.Serializable;

/** How a sink's elements become the documents it writes. */
@FunctionalInterface
public interface BulkActions<T> extends Serializable {
  BulkAction of(T element);
}
