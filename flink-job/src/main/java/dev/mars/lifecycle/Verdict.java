package dev.mars.lifecycle;

import dev.mars.lifecycle.definition.ExpectedStage;
import dev.mars.lifecycle.definition.Lifecycle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A message judged against its lifecycle at a point of the input's progress: what is missing, what
 * came late, what came out of order, and the next deadline to look again at.
 *
 * @param missing expected stages past their deadline that have not arrived, in lifecycle order
 * @param late stages that arrived after they had been declared missing, or happened after their
 *     deadline (so a job catching up judges as one that kept up)
 * @param outOfOrder stages whose time is earlier than that of a stage listed before them
 * @param declared every stage ever declared missing: stays so, to tell a late stage
 * @param stuckSince the earliest deadline among the missing stages, or {@link #NONE}
 * @param nextDeadline the earliest deadline still ahead, or {@link #NONE}
 * @param finished every expected stage has arrived, in time or late: nothing more is expected
 */
public record Verdict(
    Status status,
    List<String> missing,
    List<String> late,
    List<String> outOfOrder,
    List<String> declared,
    long stuckSince,
    long nextDeadline,
    boolean finished) {

  public static final long NONE = Long.MIN_VALUE;

  /**
   * @param stages each stage's first created_at, as {@link StageTimes#firstSeen()} gives them
   * @param firstSeen the message's earliest created_at
   * @param declaredBefore the stages declared missing by earlier verdicts
   * @param progress the input's progress: every event created up to it has been read
   */
  public static Verdict judge(
      Lifecycle lifecycle,
      Map<String, Long> stages,
      long firstSeen,
      Collection<String> declaredBefore,
      long progress) {
    Long firstStage = stages.get(lifecycle.first().name());
    long start = firstStage != null ? firstStage : firstSeen;
    Set<String> declared = new LinkedHashSet<>(declaredBefore);
    List<String> missing = new ArrayList<>();
    long stuckSince = NONE;
    long nextDeadline = NONE;
    boolean all = true;
    for (ExpectedStage stage : lifecycle.stages()) {
      Long at = stages.get(stage.name());
      Long reference = stage.after() == null ? null : stages.get(stage.after());
      long deadline = (reference != null ? reference : start) + stage.within();
      if (at != null) {
        if (stage.hasDeadline() && at > deadline) {
          declared.add(stage.name());
        }
        continue;
      }
      all = false;
      if (!stage.hasDeadline()) {
        continue;
      }
      if (deadline <= progress) {
        missing.add(stage.name());
        declared.add(stage.name());
        stuckSince = stuckSince == NONE ? deadline : Math.min(stuckSince, deadline);
      } else {
        nextDeadline = nextDeadline == NONE ? deadline : Math.min(nextDeadline, deadline);
      }
    }
    List<String> late = new ArrayList<>();
    for (ExpectedStage stage : lifecycle.stages()) {
      if (declared.contains(stage.name()) && stages.containsKey(stage.name())) {
        late.add(stage.name());
      }
    }
    Status status =
        !missing.isEmpty()
            ? Status.STUCK
            : !late.isEmpty() ? Status.LATE : all ? Status.COMPLETE : Status.IN_PROGRESS;
    return new Verdict(
        status,
        missing,
        late,
        outOfOrder(lifecycle, stages),
        List.copyOf(declared),
        stuckSince,
        nextDeadline,
        all);
  }

  private static List<String> outOfOrder(Lifecycle lifecycle, Map<String, Long> stages) {
    List<String> flagged = new ArrayList<>();
    long latestBefore = Long.MIN_VALUE;
    for (ExpectedStage stage : lifecycle.stages()) {
      Long at = stages.get(stage.name());
      if (at == null) {
        continue;
      }
      if (at < latestBefore) {
        flagged.add(stage.name());
      }
      latestBefore = Math.max(latestBefore, at);
    }
    return flagged;
  }
}
