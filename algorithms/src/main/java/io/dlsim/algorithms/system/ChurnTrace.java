package io.dlsim.algorithms.system;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loader of a churn trace ({@link SystemSettings.Churn.Trace}): one offline interval per
 * line, {@code node from until} (a node id in 0..n-1 and two simulated times in seconds,
 * {@code 0 <= from < until}, finite), separated by blanks or commas; blank lines and anything
 * after a {@code #} are skipped. A node without a line is always online; a node's overlapping or
 * touching intervals are merged.
 */
public final class ChurnTrace {
    private ChurnTrace() {
    }

    /**
     * Every node's offline intervals, {@code [node][2k]} = start and {@code [node][2k + 1]} = end
     * of its k-th interval, ascending and disjoint.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static double[][] read(Path file, int n) {
        List<List<double[]>> intervals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            intervals.add(new ArrayList<>(0));
        }
        DataLines.read(file, (lineNumber, text) -> {
            String where = file + ": line " + lineNumber + ": ";
            String[] cells = text.split("[\\s,]+");
            if (cells.length != 3) {
                throw new IllegalArgumentException(where + "expected 'node from until' (an offline interval in seconds), got '"
                        + text + "'");
            }
            int node;
            try {
                node = Integer.parseInt(cells[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "node '" + cells[0] + "' is not a whole number");
            }
            if (node < 0 || node >= n) {
                throw new IllegalArgumentException(where + "node " + node + " is not one of the run's nodes 0.." + (n - 1));
            }
            double from = seconds(where, "from", cells[1]);
            double until = seconds(where, "until", cells[2]);
            if (!(until > from)) {
                throw new IllegalArgumentException(where + "until (" + cells[2] + ") must be greater than from (" + cells[1] + ")");
            }
            intervals.get(node).add(new double[] {from, until});
        });
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            List<double[]> list = intervals.get(i);
            list.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] merged = new double[2 * list.size()];
            int m = 0;
            for (double[] iv : list) {
                if (m > 0 && iv[0] <= merged[m - 1]) {
                    merged[m - 1] = Math.max(merged[m - 1], iv[1]);
                } else {
                    merged[m++] = iv[0];
                    merged[m++] = iv[1];
                }
            }
            out[i] = Arrays.copyOf(merged, m);
        }
        return out;
    }

    private static double seconds(String where, String name, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + name + " '" + cell + "' is not a number (seconds)");
        }
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(where + name + " must be a finite number of seconds >= 0, got " + cell);
        }
        return v;
    }
}
