package io.dlsim.algorithms.engine;

import io.dlsim.topologies.mixing.MixingMatrix;

/**
 * The rows of one W(t) as plain arrays, plus every node's out-degree under it (the neighbours
 * its message goes to), so an engine's hot loop reads arrays instead of copying rows each
 * round. Built once per distinct W and kept while the schedule returns the same instance.
 */
public final class MixingRows {
    private final MixingMatrix source;
    private final int[][] columns;
    private final double[][] weights;
    private final int[][] recipients;

    private MixingRows(MixingMatrix w) {
        this.source = w;
        int n = w.n();
        columns = new int[n][];
        weights = new double[n][];
        int[] outCount = new int[n];
        for (int i = 0; i < n; i++) {
            columns[i] = w.rowColumns(i);
            weights[i] = w.rowWeights(i);
            for (int j : columns[i]) {
                if (j != i) {
                    outCount[j]++;
                }
            }
        }
        recipients = new int[n][];
        for (int j = 0; j < n; j++) {
            recipients[j] = new int[outCount[j]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : columns[i]) {
                if (j != i) {
                    recipients[j][fill[j]++] = i;
                }
            }
        }
    }

    /** The rows of {@code w}, reusing {@code previous} when it was built from the same instance. */
    public static MixingRows of(MixingMatrix w, MixingRows previous) {
        return previous != null && previous.source == w ? previous : new MixingRows(w);
    }

    public int n() {
        return columns.length;
    }

    /** Columns of row i, ascending: the nodes whose messages node i combines (itself included). */
    public int[] columns(int i) {
        return columns[i];
    }

    /** Weights of row i, aligned with {@link #columns(int)}. */
    public double[] weights(int i) {
        return weights[i];
    }

    /** The nodes that combine node j's message (j excluded), ascending. */
    public int[] recipients(int j) {
        return recipients[j];
    }
}
