package dev.mars.lifecycle;

/** Where a message stands against its lifecycle. */
public enum Status {
  /** Not every expected stage has arrived, and none is overdue. */
  IN_PROGRESS("in_progress"),
  /** An expected stage is past its deadline and has not arrived. */
  STUCK("stuck"),
  /** Nothing is overdue now, but a stage arrived after it had been declared missing. */
  LATE("late"),
  /** Every expected stage arrived, none after being declared missing. */
  COMPLETE("complete");

  private final String json;

  Status(String json) {
    this.json = json;
  }

  /** The name in documents and alerts. */
  public String json() {
    return json;
  }

  public static Status fromJson(String json) {
    for (Status status : values()) {
      if (status.json.equals(json)) {
        return status;
      }
    }
    throw new IllegalArgumentException("no status " + json);
  }
}
