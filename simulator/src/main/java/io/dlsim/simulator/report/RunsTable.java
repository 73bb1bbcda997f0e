package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every evaluation of every run of an experiment in one table, in long ("tidy") form, the table a
 * researcher loads with one call ({@code pandas.read_csv("runs.csv")}) to group, filter and plot:
 * one line per run per evaluation, in run order then row order, with the columns
 * <ol>
 *   <li>{@code run}: the run's name (its folder);</li>
 *   <li>the run's params: every swept key under its full dotted path ({@code topology.type},
 *       {@code algorithm.step-size}; {@code sweep.algorithm} for a swept whole {@code algorithm}
 *       section, whose label is its type), then {@code seed} (always), as in
 *       {@link ComparisonTable};</li>
 *   <li>the other labels: {@code scenario}, {@code algorithm}, {@code topology};</li>
 *   <li>every {@code metrics.csv} column ({@link MetricsRow#metrics(boolean)}, the simulated-time
 *       columns when some run has a system model), with the same text as there.</li>
 * </ol>
 * Cells are written as in {@code comparison.csv} ({@link ComparisonTable#toCsv()}): an undefined
 * value is an empty cell, a computed NaN is {@code NaN}, a cell with a comma or quote is quoted.
 * A run without rows has no line. {@link #toCsv()} gives {@code runs.csv}.
 */
public final class RunsTable {
    private final List<String> columns;
    private final List<List<Object>> lines;

    private RunsTable(List<String> columns, List<List<Object>> lines) {
        this.columns = Collections.unmodifiableList(columns);
        this.lines = Collections.unmodifiableList(lines);
    }

    /** The table of the given runs, in their order. */
    public static RunsTable of(List<RunData> runs) {
        List<String> columns = new ArrayList<>();
        columns.add("run");
        List<String> params = ComparisonTable.params(runs);
        params.forEach(p -> columns.add(ComparisonTable.paramColumn(p)));
        List<String> labels = List.of("scenario", "algorithm", "topology");
        columns.addAll(labels);
        List<Metric> metrics = MetricsRow.metrics(RunData.anyTimed(runs));
        metrics.forEach(m -> columns.add(m.name()));
        List<List<Object>> lines = new ArrayList<>();
        for (RunData r : runs) {
            List<Object> fixed = new ArrayList<>();
            fixed.add(r.labels().run());
            params.forEach(p -> fixed.add(ComparisonTable.paramText(r.params().get(p))));
            labels.forEach(l -> fixed.add(r.labels().asMap().get(l)));
            for (MetricsRow row : r.rows()) {
                List<Object> line = new ArrayList<>(fixed);
                metrics.forEach(m -> line.add(m.boxed(row)));
                lines.add(Collections.unmodifiableList(line));
            }
        }
        return new RunsTable(columns, lines);
    }

    /** The column names. */
    public List<String> columns() {
        return columns;
    }

    /** One list of values per run and evaluation, aligned with {@link #columns()}. */
    public List<List<Object>> lines() {
        return lines;
    }

    /** The table as CSV, header first, cells as in {@code comparison.csv}. */
    public String toCsv() {
        return ComparisonTable.csv(columns, lines);
    }
}
