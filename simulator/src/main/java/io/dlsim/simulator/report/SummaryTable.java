package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The final summary of an experiment for stdout: a fixed-width text table with one line per
 * run: its labels ({@link RunLabels#KEYS}), the last evaluated round, and the final value of
 * every plotted metric of the registry ({@link MetricsRow#PLOTTED}), and, when some run is on
 * simulated time, its final {@code sim_seconds} and {@code idle_fraction}, headed by their short
 * names. Numbers are shown with 4 significant digits (the exact values are in
 * {@code metrics.csv}); undefined values and runs without rows show {@code -}, computed
 * non-finite values {@code NaN}, {@code Infinity} or {@code -Infinity}.
 */
public final class SummaryTable {

    /** The metric columns: the round, then the plotted metrics. */
    static final List<Metric> METRICS = columns();
    private static final int LABELS = RunLabels.KEYS.length;

    private SummaryTable() {
    }

    private static List<Metric> columns() {
        List<Metric> c = new ArrayList<>();
        c.add(MetricsRow.ROUND);
        c.addAll(MetricsRow.PLOTTED);
        return List.copyOf(c);
    }

    /** The metric columns of these runs: {@link #METRICS}, then the simulated-time ones when some run is timed. */
    static List<Metric> columns(List<RunData> runs) {
        if (!RunData.anyTimed(runs)) {
            return METRICS;
        }
        List<Metric> c = new ArrayList<>(METRICS);
        c.add(MetricsRow.SIM_SECONDS);
        c.add(MetricsRow.IDLE_FRACTION);
        return c;
    }

    /** The header cells: the label keys, then the metrics' short names. */
    static List<String> header() {
        return header(METRICS);
    }

    private static List<String> header(List<Metric> metrics) {
        List<String> h = new ArrayList<>(List.of(RunLabels.KEYS));
        metrics.forEach(m -> h.add(m.shortName()));
        return h;
    }

    /** The table, header first, each line ending with {@code \n}; columns separated by two spaces. */
    public static String format(List<RunData> runs) {
        List<Metric> metrics = columns(runs);
        List<String[]> cells = new ArrayList<>();
        cells.add(header(metrics).toArray(String[]::new));
        for (RunData r : runs) {
            MetricsRow f = r.finalRow();
            List<String> line = new ArrayList<>(r.labels().asMap().values());
            for (Metric m : metrics) {
                line.add(f == null ? "-" : m.isInteger() ? Long.toString(m.longValue(f)) : num(m.value(f)));
            }
            cells.add(line.toArray(String[]::new));
        }
        int[] width = new int[cells.get(0).length];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) {
                    l.append("  ");
                }
                String pad = " ".repeat(width[c] - line[c].length());
                // Labels left-aligned, numbers right-aligned.
                l.append(c < LABELS ? line[c] + pad : pad + line[c]);
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    static String num(double v) {
        if (MetricsRow.isUndefined(v)) {
            return "-";
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : Double.toString(v);
    }
}
