package dev.mars.lifecycle.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads lifecycle definitions from YAML:
 *
 * <pre>
 * default:                     # apps not listed under apps
 *   - stage: MESSAGE_CREATED
 *     within: 0s               # of the message's first event
 *   - stage: MESSAGE_REACHED_BACKEND
 *     within: 10s              # of the message's start
 *   - stage: MESSAGE_REACHED_FRONTEND
 *     within: 5s
 *     after: MESSAGE_REACHED_BACKEND
 * apps:
 *   checkout:
 *     - stage: ...
 * </pre>
 *
 * Anything wrong is reported with its line and field, so a bad file stops the job at start.
 */
public final class LifecyclesFile {

  /** The definitions shipped with Mars, used when none are given. */
  public static final String DEFAULT_RESOURCE = "/lifecycles.yaml";

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Set<String> TOP_KEYS = Set.of("default", "apps");
  private static final Set<String> STAGE_KEYS = Set.of("stage", "within", "after");

  private final String source;

  private LifecyclesFile(String source) {
    this.source = source;
  }

  public static Lifecycles read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new InvalidLifecyclesException("cannot read lifecycle definitions " + file + ": " + e);
    }
  }

  public static Lifecycles defaults() {
    try (InputStream in = LifecyclesFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param source what to call the text in errors, e.g. its file name
   */
  public static Lifecycles parse(String yaml, String source) {
    return new LifecyclesFile(source).parse(yaml);
  }

  private Lifecycles parse(String yaml) {
    Optional<Node> root;
    try {
      root = new Compose(LoadSettings.builder().setLabel(source).build()).composeString(yaml);
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      throw new InvalidLifecyclesException(
          source
              + (mark == null ? "" : " line " + (mark.getLine() + 1))
              + ": not YAML: "
              + e.getProblem());
    } catch (YamlEngineException e) {
      throw new InvalidLifecyclesException(source + ": not YAML: " + e.getMessage());
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
      throw fail(
          root.orElse(null), "", "must be a mapping with default (and optionally apps)", null);
    }
    Map<String, Node> fields = fields(top, "", TOP_KEYS);
    if (!fields.containsKey("default")) {
      throw fail(top, "default", "is required: the lifecycle of every app not under apps", null);
    }
    Lifecycle fallback = lifecycle(fields.get("default"), "default");
    Map<String, Lifecycle> byApp = new LinkedHashMap<>();
    Node apps = fields.get("apps");
    if (apps != null) {
      if (!(apps instanceof MappingNode appsMap)) {
        throw fail(apps, "apps", "must map app ids to lists of stages", null);
      }
      for (NodeTuple app : appsMap.getValue()) {
        String appId = scalar(app.getKeyNode(), "apps", "an app id");
        byApp.put(appId, lifecycle(app.getValueNode(), "apps." + appId));
      }
    }
    return new Lifecycles(fallback, byApp);
  }

  private Lifecycle lifecycle(Node node, String field) {
    if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw fail(node, field, "must be a list of at least one stage", null);
    }
    List<ExpectedStage> stages = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      Node item = list.getValue().get(i);
      String at = field + "[" + i + "]";
      if (!(item instanceof MappingNode stageMap)) {
        throw fail(item, at, "must be a mapping with stage, and optionally within and after", null);
      }
      Map<String, Node> stage = fields(stageMap, at, STAGE_KEYS);
      Node nameNode = stage.get("stage");
      if (nameNode == null) {
        throw fail(item, at + ".stage", "is required", null);
      }
      String name = scalar(nameNode, at + ".stage", "a stage name");
      if (name.isBlank()) {
        throw fail(nameNode, at + ".stage", "must not be empty", null);
      }
      if (!seen.add(name)) {
        throw fail(nameNode, at + ".stage", name + " is listed twice", null);
      }
      long within = ExpectedStage.NO_DEADLINE;
      if (stage.containsKey("within")) {
        within = duration(stage.get("within"), at + ".within");
      }
      String after = null;
      if (stage.containsKey("after")) {
        after = scalar(stage.get("after"), at + ".after", "a stage name");
        if (!seen.contains(after) || after.equals(name)) {
          throw fail(
              stage.get("after"),
              at + ".after",
              after + " is not a stage listed before " + name,
              null);
        }
        if (within == ExpectedStage.NO_DEADLINE) {
          throw fail(stage.get("after"), at + ".after", "needs a within", null);
        }
      }
      stages.add(new ExpectedStage(name, within, after));
    }
    return new Lifecycle(stages);
  }

  private long duration(Node node, String field) {
    String text = scalar(node, field, "a duration");
    Matcher matcher = DURATION.matcher(text.trim());
    if (!matcher.matches()) {
      throw fail(
          node, field, "'" + text + "' is not a duration such as 500ms, 30s, 2m or 1h", null);
    }
    long amount = Long.parseLong(matcher.group(1));
    long unit =
        switch (matcher.group(2)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 86_400_000;
        };
    return Math.multiplyExact(amount, unit);
  }

  private Map<String, Node> fields(MappingNode node, String field, Set<String> allowed) {
    Map<String, Node> fields = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      String key = scalar(tuple.getKeyNode(), field, "a key");
      String at = field.isEmpty() ? key : field + "." + key;
      if (!allowed.contains(key)) {
        throw fail(tuple.getKeyNode(), at, "is not a known key", allowed);
      }
      if (fields.put(key, tuple.getValueNode()) != null) {
        throw fail(tuple.getKeyNode(), at, "is given twice", null);
      }
    }
    return fields;
  }

  private String scalar(Node node, String field, String what) {
    if (!(node instanceof ScalarNode scalar)) {
      throw fail(node, field, "must be " + what, null);
    }
    return scalar.getValue();
  }

  private InvalidLifecyclesException fail(
      Node node, String field, String problem, Set<String> expected) {
    String line =
        node == null
            ? ""
            : node.getStartMark().map(mark -> " line " + (mark.getLine() + 1)).orElse("");
    String known =
        expected == null ? "" : " (expected one of " + String.join(", ", sorted(expected)) + ")";
    return new InvalidLifecyclesException(
        source + line + ": " + (field.isEmpty() ? "" : field + ": ") + problem + known);
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
