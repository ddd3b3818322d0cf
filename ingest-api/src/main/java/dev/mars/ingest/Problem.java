package dev.mars.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What is wrong with a request: the field, and for a bulk request the index of the event in it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(Integer index, String field, String problem) {

  static Problem of(String field, String problem) {
    return new Problem(null, field, problem);
  }

  Problem at(int eventIndex) {
    return new Problem(eventIndex, field, problem);
  }
}
