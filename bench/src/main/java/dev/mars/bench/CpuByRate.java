package dev.mars.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, from pipeline results files of one build at several rates, the cores each part used at
 * each rate and a least-squares line through them: cores = fixed + per event × rate. The line's
 * slope is what an event costs beyond what the part spends at any rate on its timers, polls and
 * flushes; the intercept is the latter. A fit through a few points of noisy runs: an estimate.
 */
public final class CpuByRate {

  private CpuByRate() {}

  /** One run: its accepted rate and the cores each part used over its load and drain. */
  record Point(double rate, double[] cores) {

    static Point of(JsonNode results) {
      double rate = results.path("accepted_events_per_s").asDouble();
      double[] cores = new double[PipelineTable.PARTS.length];
      for (int i = 0; i < PipelineTable.PARTS.length; i++) {
        double perMillion =
            results.path("cpu_seconds_per_million_events").path(PipelineTable.PARTS[i]).asDouble();
        cores[i] = perMillion * rate / 1e6;
      }
      return new Point(rate, cores);
    }
  }

  /** The least-squares line cores = fixed + perEvent × rate, perEvent in CPU-µs. */
  record Line(double fixedCores, double microsPerEvent) {

    static Line through(List<Point> points, int part) {
      double meanRate = points.stream().mapToDouble(Point::rate).average().orElseThrow();
      double meanCores = points.stream().mapToDouble(p -> p.cores()[part]).average().orElseThrow();
      double covariance = 0;
      double variance = 0;
      for (Point p : points) {
        covariance += (p.rate() - meanRate) * (p.cores()[part] - meanCores);
        variance += (p.rate() - meanRate) * (p.rate() - meanRate);
      }
      if (variance == 0) {
        throw new IllegalArgumentException("a line needs runs at two rates at least");
      }
      double slope = covariance / variance;
      return new Line(meanCores - slope * meanRate, slope * 1e6);
    }
  }

  public static void main(String[] args) throws Exception {
    List<Point> points = new ArrayList<>();
    for (String file : args) {
      points.add(Point.of(Elasticsearch.JSON.readTree(new File(file))));
    }
    System.out.print(table(points));
  }

  static String table(List<Point> points) {
    StringBuilder out =
        new StringBuilder("| cores used at | Kafka | ES | job | ingest | dashboard | all |\n");
    out.append("|---|---|---|---|---|---|---|\n");
    for (Point p : points) {
      out.append(String.format(Locale.ROOT, "| %,.0f ev/s", p.rate()));
      double all = 0;
      for (double c : p.cores()) {
        out.append(String.format(Locale.ROOT, " | %.2f", c));
        all += c;
      }
      out.append(String.format(Locale.ROOT, " | %.2f |%n", all));
    }
    StringBuilder fixed = new StringBuilder("| fitted: cores at any rate");
    StringBuilder perEvent = new StringBuilder("| fitted: CPU-µs per event");
    double fixedAll = 0;
    double perEventAll = 0;
    for (int i = 0; i < PipelineTable.PARTS.length; i++) {
      Line line = Line.through(points, i);
      fixed.append(String.format(Locale.ROOT, " | %.2f", line.fixedCores()));
      perEvent.append(String.format(Locale.ROOT, " | %.0f", line.microsPerEvent()));
      fixedAll += line.fixedCores();
      perEventAll += line.microsPerEvent();
    }
    out.append(fixed).append(String.format(Locale.ROOT, " | %.2f |%n", fixedAll));
    out.append(perEvent).append(String.format(Locale.ROOT, " | %.0f |%n", perEventAll));
    return out.toString();
  }
}
