package io.dlsim.simulator.report;

import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The final summary of an experiment for stdout: a fixed-width text table with one line per
 * run: its labels, the last evaluated round, and the final train loss, test loss, test
 * accuracy, generalization gap, consensus distance and optimality gap. Numbers are shown with
 * 4 significant digits (the exact values are in {@code metrics.csv}); undefined (NaN) values
 * and runs without rows show {@code -}.
 */
public final class SummaryTable {

    private static final String[] HEADER = {"scenario", "run", "algorithm", "topology", "round", "train_loss",
        "test_loss", "test_acc", "gen_gap", "consensus", "opt_gap"};
    private static final int LABELS = 4;

    private SummaryTable() {
    }

    /** The table, header first, each line ending with {@code \n}; columns separated by two spaces. */
    public static String format(List<RunData> runs) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (RunData r : runs) {
            MetricsRow f = r.finalRow();
            RunLabels l = r.labels();
            cells.add(new String[] {l.scenario(), l.run(), l.algorithm(), l.topology(),
                f == null ? "-" : Long.toString(f.round()),
                num(f == null ? Double.NaN : f.trainLoss()), num(f == null ? Double.NaN : f.testLoss()),
                num(f == null ? Double.NaN : f.testAccuracy()), num(f == null ? Double.NaN : f.generalizationGap()),
                num(f == null ? Double.NaN : f.consensusDistance()), num(f == null ? Double.NaN : f.optimalityGap())});
        }
        int[] width = new int[HEADER.length];
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
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }
}
