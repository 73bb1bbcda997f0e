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
        int k = weights.length;
        if (k == 0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        // Blocked over coordinates so that the output block stays in L1 while each message is
        // streamed once (large models are memory-bound here). Per coordinate the order is the
        // same as the plain loop: 0.0, then + w_j m_j for the columns in ascending order.
        for (int start = 0; start < d; start += BLOCK) {
            int end = Math.min(d, start + BLOCK);
            double w0 = weights[0];
            double[] m0 = messages[0];
            for (int c = start; c < end; c++) {
                out[c] = 0.0 + w0 * m0[c];
            }
            for (int j = 1; j < k; j++) {
                double w = weights[j];
                double[] m = messages[j];
                for (int c = start; c < end; c++) {
                    out[c] += w * m[c];
                }
            }
        }
    }

    /** Coordinates per block: 4 KB of output. */
    private static final int BLOCK = 512;
}
