package io.dlsim.topologies.mixing;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.graph.Graph;

/**
 * Checks the invariants of a mixing matrix, naming the first offending row or entry:
 * finite, non-negative entries; support within the graph's edges plus the diagonal
 * ({@code W[i][j] > 0} only if j sends to i); and the sums its {@link Stochasticity} promises:
 * every row sums to 1 (row and doubly stochastic), every column sums to 1 (column and doubly
 * stochastic). Sums are compared with an absolute tolerance of {@value #TOLERANCE}.
 */
public final class MixingValidator {
    /** Absolute tolerance on row and column sums. */
    public static final double TOLERANCE = 1e-9;

    private MixingValidator() {
    }

    /**
     * Validates {@code w} against {@code graph} (null: no support check).
     *
     * @param requireDoublyStochastic also require every column to sum to 1
     * @param origin what produced the matrix, for the message (a rule name or a file)
     */
    public static void validate(MixingMatrix w, Graph graph, boolean requireDoublyStochastic, String origin) {
        validate(w, graph, requireDoublyStochastic ? Stochasticity.DOUBLY : Stochasticity.ROW, origin);
    }

    /**
     * Validates {@code w} against {@code graph} (null: no support check).
     *
     * @param required the sums that must equal 1
     * @param origin what produced the matrix, for the message (a rule name or a file)
     */
    public static void validate(MixingMatrix w, Graph graph, Stochasticity required, String origin) {
        int n = w.n();
        if (graph != null && graph.n() != n) {
            throw new TopologyException(origin + ": matrix is " + n + " x " + n + " but the graph has " + graph.n() + " nodes");
        }
        for (int i = 0; i < n; i++) {
            int[] cols = w.rowColumns(i);
            double[] vals = w.rowWeights(i);
            for (int k = 0; k < cols.length; k++) {
                int j = cols[k];
                double v = vals[k];
                if (!Double.isFinite(v)) {
                    throw new TopologyException(origin + ": W[" + i + "][" + j + "] = " + v + " is not a finite number");
                }
                if (v < 0) {
                    throw new TopologyException(origin + ": W[" + i + "][" + j + "] = " + v + " is negative");
                }
                if (graph != null && j != i && !graph.hasEdge(j, i)) {
                    throw new TopologyException(origin + ": W[" + i + "][" + j + "] = " + v + " but " + j
                            + " is not a neighbour of " + i + " (support must lie within the edges plus the diagonal)");
                }
            }
            double s = w.rowSum(i);
            if (required.rows() && Math.abs(s - 1) > TOLERANCE) {
                throw new TopologyException(origin + ": row " + i + " sums to " + s + ", not 1 (tolerance " + TOLERANCE + ")");
            }
        }
        if (required.columns()) {
            double[] cs = w.columnSums();
            for (int j = 0; j < n; j++) {
                if (Math.abs(cs[j] - 1) > TOLERANCE) {
                    throw new TopologyException(origin + ": column " + j + " sums to " + cs[j] + ", not 1, but this rule promises a "
                            + (required == Stochasticity.DOUBLY ? "doubly" : "column") + " stochastic matrix");
                }
            }
        }
    }
}
