package dev.mars.counter;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The increments of one counter within one window, in arrival order. */
@TypeInfo(IncrementBatch.TypeFactory.class)
public class IncrementBatch {

  private List<Increment> increments = new ArrayList<>();

  public IncrementBatch() {}

  public IncrementBatch(List<Increment> increments) {
    this.increments = new ArrayList<>(increments);
  }

  public String key() {
    return increments.get(0).getKey();
  }

  public List<Increment> getIncrements() {
    return increments;
  }

  public void setIncrements(List<Increment> increments) {
    this.increments = increments;
  }

  /** Collects a window's increments of one counter, so its total is written once per window. */
  public static final class Collect
      implements AggregateFunction<Increment, IncrementBatch, IncrementBatch> {
    @Override
    public IncrementBatch createAccumulator() {
      return new IncrementBatch();
    }

    @Override
    public IncrementBatch add(Increment increment, IncrementBatch batch) {
      batch.increments.add(increment);
      return batch;
    }

    @Override
    public IncrementBatch getResult(IncrementBatch batch) {
      return batch;
    }

    @Override
    public IncrementBatch merge(IncrementBatch a, IncrementBatch b) {
      a.increments.addAll(b.increments);
      return a;
    }
  }

  /** Explicit type information: a list field would otherwise fall back to Kryo. */
  public static class TypeFactory extends TypeInfoFactory<IncrementBatch> {
    @Override
    public TypeInformation<IncrementBatch> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> genericParameters) {
      return Types.POJO(
          IncrementBatch.class, Map.of("increments", Types.LIST(Types.POJO(Increment.class))));
    }
  }
}
