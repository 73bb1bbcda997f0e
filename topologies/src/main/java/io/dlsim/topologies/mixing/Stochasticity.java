package io.dlsim.topologies.mixing;

/**
 * Which sums of a non-negative mixing matrix W equal 1, the property each gossip method needs:
 * <ul>
 *   <li>{@link #ROW}: {@code sum_j W[i][j] = 1}: every node takes a weighted average of what it
 *       receives, so a consensus is a fixed point (D-SGD and every "pull" method on any graph);</li>
 *   <li>{@link #COLUMN}: {@code sum_i W[i][j] = 1}: every node splits its value among itself and
 *       its out-neighbours, so the sum over nodes is preserved (push-sum, SGP, on a directed
 *       graph where no doubly stochastic W may exist);</li>
 *   <li>{@link #DOUBLY}: both, so gossip averaging converges to the exact average.</li>
 * </ul>
 */
public enum Stochasticity {
    ROW, COLUMN, DOUBLY;

    /** Whether rows must sum to 1. */
    public boolean rows() {
        return this != COLUMN;
    }

    /** Whether columns must sum to 1. */
    public boolean columns() {
        return this != ROW;
    }

    /** What W is, from its sums within {@code tolerance}; null when neither rows nor columns sum to 1. */
    public static Stochasticity of(MixingMatrix w, double tolerance) {
        boolean rows = true;
        for (int i = 0; i < w.n() && rows; i++) {
            rows = Math.abs(w.rowSum(i) - 1) <= tolerance;
        }
        boolean columns = true;
        for (double s : w.columnSums()) {
            if (Math.abs(s - 1) > tolerance) {
                columns = false;
                break;
            }
        }
        return rows && columns ? DOUBLY : rows ? ROW : columns ? COLUMN : null;
    }
}
