package dev.mars.search;

/** A request parameter Mars cannot use: answered 400, naming the parameter and the problem. */
public class InvalidRequestException extends RuntimeException {

  private final String parameter;
  private final Integer position;

  public InvalidRequestException(String parameter, String problem) {
    this(parameter, problem, null);
  }

  public InvalidRequestException(String parameter, String problem, Integer position) {
    super(problem);
    this.parameter = parameter;
    this.position = position;
  }

  public String parameter() {
    return parameter;
  }

  /** Where in the parameter's value the problem is (0-based), when known. */
  public Integer position() {
    return position;
  }
}
