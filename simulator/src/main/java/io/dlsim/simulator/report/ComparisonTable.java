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
 * The comparison of an experiment's runs, one line per run: the labels, the run's params (every
 * swept key under its full dotted path, then {@code seed}; {@link #params}, named by
 * {@link #paramColumn}), the number of
 * evaluations, the final value of every metric of the registry ({@link MetricsRow#METRICS}, the
 * {@code metrics.csv} columns), then the runs' extras
 * (nested maps flattened with dotted keys; the union of keys over runs, in order of first
 * appearance; an extra named like a fixed column is left out). Missing and undefined values
 * are null. {@link #toCsv()} gives
 * {@code comparison.csv}.
 */
public final class ComparisonTable {

    private final List<String> columns;
    private final List<List<Object>> lines;

    private ComparisonTable(List<String> columns, List<List<Object>> lines) {
        this.columns = Collections.unmodifiableList(columns);
        this.lines = Collections.unmodifiableList(lines);
    }

    /** Builds the table of the given runs, in their order. */
    public static ComparisonTable of(List<RunData> runs) {
        List<Map<String, Object>> flat = new ArrayList<>();
        Set<String> extraKeys = new LinkedHashSet<>();
        for (RunData r : runs) {
            Map<String, Object> f = new LinkedHashMap<>();
            flatten("", r.extras(), f);
            flat.add(f);
            extraKeys.addAll(f.keySet());
        }
        List<String> columns = new ArrayList<>(List.of(RunLabels.KEYS));
        List<String> params = params(runs);
        params.forEach(p -> columns.add(paramColumn(p)));
        columns.add("evaluations");
        // The simulated-time columns when some run of the experiment has a system model.
        boolean timed = RunData.anyTimed(runs);
        List<Metric> metrics = MetricsRow.metrics(timed);
        metrics.forEach(m -> columns.add(m.name()));
        extraKeys.removeAll(columns);
        columns.addAll(extraKeys);

        List<List<Object>> lines = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            RunData r = runs.get(k);
            List<Object> line = new ArrayList<>(columns.size());
            line.addAll(r.labels().asMap().values());
            params.forEach(p -> line.add(paramText(r.params().get(p))));
            line.add(r.rows().size());
            MetricsRow last = r.finalRow();
            for (Metric m : metrics) {
                line.add(last == null ? null : m.boxed(last));
            }
            for (String key : extraKeys) {
                line.add(flat.get(k).get(key));
            }
            lines.add(Collections.unmodifiableList(line));
        }
        return new ComparisonTable(columns, lines);
    }

    /**
     * The params columns of an experiment: the union of its runs' param keys in the order they
     * first appear (every run of a sweep has the same: the swept keys in sweep order, then
     * {@code seed}).
     */
    static List<String> params(List<RunData> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.params().keySet()));
        return new ArrayList<>(keys);
    }

    /**
     * The column of a param: its key, or {@code sweep.<key>} for a key named like a label (a
     * sweep of whole {@code algorithm} or {@code topology} sections: the label is the type name,
     * the param the whole swept value, e.g. its step size).
     */
    static String paramColumn(String key) {
        return List.of(RunLabels.KEYS).contains(key) ? "sweep." + key : key;
    }

    /**
     * A param value as a table cell: a scalar as itself (so a real is written in full
     * precision), a list or mapping (e.g. a swept {@code topology.phases}) as the run name writes
     * it ({@link io.dlsim.simulator.scenario.Scenario#valueText}: {@code complete-1000-ring}).
     */
    static Object paramText(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof CharSequence) {
            return v;
        }
        return io.dlsim.simulator.scenario.Scenario.valueText(v);
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, Object> out) {
        m.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> inner) {
                flatten(key + ".", inner, out);
            } else {
                out.put(key, v);
            }
        });
    }

    /** The column names. */
    public List<String> columns() {
        return columns;
    }

    /** One list of values per run, aligned with {@link #columns()}; null for missing or undefined. */
    public List<List<Object>> lines() {
        return lines;
    }

    /**
     * The table as CSV: header line, then one line per run; reals in full precision
     * ({@link Double#toString(double)}, so a computed NaN is {@code NaN} and infinities
     * {@code Infinity}/{@code -Infinity}), undefined ({@link MetricsRow#isUndefined}) and missing
     * values as empty cells, cells with a
     * comma, quote or line break quoted (RFC 4180).
     */
    public String toCsv() {
        return csv(columns, lines);
    }

    /** A header and lines as CSV, cells as {@link #toCsv()} writes them. */
    static String csv(List<String> columns, List<List<Object>> lines) {
        StringBuilder sb = new StringBuilder();
        appendCsvLine(sb, new ArrayList<>(columns));
        lines.forEach(l -> appendCsvLine(sb, l));
        return sb.toString();
    }

    private static void appendCsvLine(StringBuilder sb, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(csvCell(cells.get(i)));
        }
        sb.append('\n');
    }

    static String csvCell(Object v) {
        String s = plain(v);
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** The exact text of a value: empty for null and undefined, {@code Double.toString} for other reals. */
    static String plain(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return MetricsRow.isUndefined(d) ? "" : Double.toString(d);
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "" : Float.toString(f);
        }
        return String.valueOf(v);
    }
}
