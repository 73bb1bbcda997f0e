package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runs table of {@code report.html}: the {@link ComparisonTable} reordered so that what
 * answers the scenario's question comes first, and the columns every run agrees on folded away.
 *
 * <p>Column order: {@code run}; the swept keys ({@link ReportContext#sweptKeys}; the comparison
 * table's column of that key, {@code sweep.<key>} for a key named like a label, when it has one,
 * else the run's value of the key; without a sweep,
 * {@code algorithm} and {@code topology}); {@code spectralGap}; for each headline metric of the
 * scenario that some run defines ({@link ReportContext#headline}), its final value and the mean
 * of its last {@link #LAST_K} evaluations ({@code <metric> (mean of last 5)}); {@code status};
 * then every other column of the comparison table in its order.
 *
 * <p>Folding: a column whose text ({@link ExperimentReport#display}: 6 significant digits) is
 * the same in every run moves to {@link #common()} (name to that text), except {@code run}, and
 * except the swept keys, spectral gap and headline columns of an experiment of a single run.
 * A label column ({@link RunLabels#KEYS}) that is not a headline column and reads, run for run,
 * like a column already shown (the {@code topology} label of a {@code topology.type} sweep) is
 * left out too ({@link #repeats()}). Full-precision values stay in {@code comparison.csv}.
 *
 * @param columns the shown columns, in order
 * @param lines per run, one value per shown column (null: undefined or missing)
 * @param common the folded columns and their one value's text ("" when undefined in every run)
 * @param repeats the label columns left out because they read, run for run, like a column
 *     shown before them, each with that column's name
 */
record HeadlineTable(List<String> columns, List<List<Object>> lines, Map<String, String> common, Map<String, String> repeats) {

    /** How many final evaluations the "mean of last k" columns average. */
    static final int LAST_K = 5;

    HeadlineTable {
        columns = List.copyOf(columns);
        lines = lines.stream().map(l -> Collections.unmodifiableList(new ArrayList<>(l))).toList();
        common = Collections.unmodifiableMap(new LinkedHashMap<>(common));
        repeats = Collections.unmodifiableMap(new LinkedHashMap<>(repeats));
    }

    /** The column of the mean of a metric's last {@link #LAST_K} evaluations. */
    static String lastKColumn(Metric m) {
        return m.name() + " (mean of last " + LAST_K + ")";
    }

    /** The headline metrics of the context that some run's final row defines, in the context's order. */
    static List<Metric> headlineMetrics(List<RunData> runs, ReportContext context) {
        return context.headline().stream()
                .filter(m -> runs.stream().anyMatch(r -> r.finalRow() != null && !MetricsRow.isUndefined(m.value(r.finalRow()))))
                .toList();
    }

    /**
     * The mean of a metric over the last {@link #LAST_K} evaluations of a run (fewer when it has
     * fewer), leaving out undefined values; a computed NaN or infinity makes it NaN or infinite;
     * {@link MetricsRow#UNDEFINED} when no value is defined.
     */
    static double meanOfLast(RunData run, Metric m) {
        List<MetricsRow> rows = run.rows();
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, rows.size() - LAST_K); i < rows.size(); i++) {
            double v = m.value(rows.get(i));
            if (MetricsRow.isUndefined(v)) {
                continue;
            }
            sum += v;
            n++;
        }
        return n == 0 ? MetricsRow.UNDEFINED : sum / n;
    }

    static HeadlineTable of(ComparisonTable table, List<RunData> runs, ReportContext context) {
        List<String> tc = table.columns();
        Map<String, List<Object>> cols = new LinkedHashMap<>();
        for (int c = 0; c < tc.size(); c++) {
            List<Object> values = new ArrayList<>();
            for (List<Object> line : table.lines()) {
                values.add(line.get(c));
            }
            cols.put(tc.get(c), values);
        }
        Set<String> headline = new LinkedHashSet<>();
        List<String> order = new ArrayList<>();
        order.add("run");
        List<String> swept = new ArrayList<>();
        for (String key : context.sweptKeys()) {
            // A swept key named like a label (a whole algorithm or topology section) is the comparison's sweep.<key>.
            String name = cols.containsKey("sweep." + key) ? "sweep." + key : key;
            if (!cols.containsKey(name)) {
                List<Object> values = new ArrayList<>();
                for (RunData r : runs) {
                    values.add(context.sweepValues().getOrDefault(r.labels().run(), Map.of()).get(key));
                }
                cols.put(name, values);
            }
            swept.add(name);
        }
        if (swept.isEmpty()) {
            swept.addAll(List.of("algorithm", "topology"));
        }
        headline.addAll(swept);
        if (cols.containsKey(Charts.SPECTRAL_GAP)) {
            headline.add(Charts.SPECTRAL_GAP);
        }
        for (Metric m : headlineMetrics(runs, context)) {
            headline.add(m.name());
            List<Object> values = new ArrayList<>();
            for (RunData r : runs) {
                values.add(meanOfLast(r, m));
            }
            cols.put(lastKColumn(m), values);
            headline.add(lastKColumn(m));
        }
        order.addAll(headline);
        order.add("status");
        order.addAll(tc);
        List<String> shown = new ArrayList<>();
        Map<String, String> common = new LinkedHashMap<>();
        Map<String, String> repeats = new LinkedHashMap<>();
        for (String name : new LinkedHashSet<>(order)) {
            List<Object> values = cols.get(name);
            if (values == null) {
                continue;
            }
            boolean keep = name.equals("run") || headline.contains(name) && runs.size() < 2;
            Set<String> texts = new LinkedHashSet<>();
            values.forEach(v -> texts.add(ExperimentReport.display(v)));
            List<String> column = values.stream().map(ExperimentReport::display).toList();
            String twin = keep || headline.contains(name) || !List.of(RunLabels.KEYS).contains(name) ? null
                    : shown.stream().filter(o -> cols.get(o).stream().map(ExperimentReport::display).toList().equals(column))
                            .findFirst().orElse(null);
            if (!keep && texts.size() <= 1) {
                common.put(name, texts.isEmpty() ? "" : texts.iterator().next());
            } else if (twin != null) {
                repeats.put(name, twin);
            } else {
                shown.add(name);
            }
        }
        List<List<Object>> lines = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            List<Object> line = new ArrayList<>();
            for (String name : shown) {
                line.add(cols.get(name).get(k));
            }
            lines.add(line);
        }
        return new HeadlineTable(shown, lines, common, repeats);
    }
}
