package io.dlsim.algorithms.engine;

/**
 * The one gossip combination every engine uses, so that their trajectories agree bit for bit:
 * {@code out = sum_j W[i][j] m_j}, summed over the columns j of row i in ascending node id
 * order (the node's own message included at its place), each coordinate accumulated from 0.0
 * in that order.
 */
public final class Gossip {
    private Gossip() {
    }

    /**
     * @param weights row i of W(t), aligned with {@code messages}
     * @param messages the round-t messages of the columns of row i, in ascending node id order
     *     (only the first {@code weights.length} entries are read)
     * @param out receives the combination; must not alias any message
     */
    public static void combine(double[] weights, double[][] messages, double[] out) {
        int d = out.length;
        java.util.Arrays.fill(out, 0.0);
        for (int k = 0; k < weights.length; k++) {
            double w = weights[k];
            double[] m = messages[k];
            for (int c = 0; c < d; c++) {
                out[c] += w * m[c];
            }
        }
    }
}
