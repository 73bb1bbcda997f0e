package io.dlsim.algorithms.system;

import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The loader of a latency file ({@link SystemSettings.Latency.File}): n rows of n latencies in
 * seconds (finite, >= 0), separated by spaces, tabs or commas; row i is the sender, column j the
 * receiver; the diagonal is not used. Blank lines and {@code #} comments are skipped. Held as
 * n x n doubles, so at most {@link #MAX_NODES} nodes.
 */
public final class LatencyMatrix {
    /** The largest run a latency file can describe: 10,000 x 10,000 values are 800 MB. */
    public static final int MAX_NODES = 10_000;

    private LatencyMatrix() {
    }

    /**
     * The latencies of the n x n links, row-major ({@code [from * n + to]}).
     *
     * @throws IllegalArgumentException naming the file, line and column of a bad value, or a
     *     count of rows or columns other than n
     * @throws UncheckedIOException when the file cannot be read
     */
    public static double[] read(Path file, int n) {
        if (n > MAX_NODES) {
            throw new IllegalArgumentException(file + ": a latency file holds n x n values, for at most " + MAX_NODES
                    + " nodes; this run has " + n + " (use a latency distribution)");
        }
        double[] m = new double[n * n];
        int[] rows = {0};
        DataLines.read(file, (lineNumber, text) -> {
            int row = rows[0];
            String[] cells = text.split("[\\s,]+");
            if (row == n) {
                throw new IllegalArgumentException(file + ": line " + lineNumber + ": more rows than the run's " + n + " nodes");
            }
            if (cells.length != n) {
                throw new IllegalArgumentException(file + ": line " + lineNumber + ": " + cells.length + " latencies, expected "
                        + n + " (one per receiver)");
            }
            for (int j = 0; j < n; j++) {
                double v;
                try {
                    v = Double.parseDouble(cells[j]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": line " + lineNumber + ", column " + (j + 1) + ": '" + cells[j]
                            + "' is not a number of seconds");
                }
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException(file + ": line " + lineNumber + ", column " + (j + 1)
                            + ": a latency must be a finite number >= 0, got " + cells[j]);
                }
                m[row * n + j] = v;
            }
            rows[0]++;
        });
        int row = rows[0];
        if (row != n) {
            throw new IllegalArgumentException(file + ": holds " + row + " rows, the run has " + n + " nodes (one row per sender)");
        }
        return m;
    }
}
