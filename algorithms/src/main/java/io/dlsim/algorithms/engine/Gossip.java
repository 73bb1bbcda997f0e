package io.dlsim.algorithms.engine;

import java.util.Arrays;

/**
 * The one gossip combination every engine uses, so that their trajectories agree bit for bit:
 * {@code out = sum_j W[i][j] m_j}, summed over the columns j of row i in ascending node id
 * order (the node's own message included at its place), each coordinate accumulated from 0.0
 * in that order.
 *
 * <p>A round's rows can be combined one by one ({@link #combine}) or all together ({@link Rows}):
 * the second reads each coordinate block of every message once for all the rows that use it,
 * which is what a large model needs (below), and gives the same bits.
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
        // Blocked over coordinates so that the output block stays in L1 while each message is
        // streamed once (large models are memory-bound here).
        for (int start = 0; start < out.length; start += BLOCK) {
            combineBlock(weights, messages, 0, out, start, Math.min(out.length, start + BLOCK));
        }
    }

    /**
     * Coordinates {@code [start, end)} of {@code out = sum_k weights[k] messages[offset + k]}. Per
     * coordinate: 0.0, then + w_k m_k for k in ascending order; the one summation order of every
     * engine.
     */
    private static void combineBlock(double[] weights, double[][] messages, int offset, double[] out, int start, int end) {
        int k = weights.length;
        if (k == 0) {
            Arrays.fill(out, start, end, 0.0);
            return;
        }
        double w0 = weights[0];
        double[] m0 = messages[offset];
        for (int c = start; c < end; c++) {
            out[c] = 0.0 + w0 * m0[c];
        }
        for (int j = 1; j < k; j++) {
            double w = weights[j];
            double[] m = messages[offset + j];
            for (int c = start; c < end; c++) {
                out[c] += w * m[c];
            }
        }
    }

    /** Coordinates per block: 4 KB of output. */
    private static final int BLOCK = 512;

    /**
     * A round's rows, collected ({@link #add}) and then combined together ({@link #combine()}),
     * each row to the same bits as {@link Gossip#combine}.
     *
     * <p>Why: one row at a time, every message is read once per row that uses it, i.e. about
     * degree + 1 times a round, and when the nodes' models do not fit the caches together (an MLP
     * of 100,000 parameters on 64 nodes is 52 MB of messages) each of those reads comes from
     * memory. Here the rows go block by block of coordinates, every row's block before the next
     * block, so a message's block is read from memory by the first row that uses it and from
     * cache by the others. A block of the rows' messages and outputs is
     * {@code 4 KB x (messages + rows)}. A model of at most one block (512 parameters) gains
     * nothing from this, so its rows are combined as they are added.
     *
     * <p>Not thread-safe; one per engine thread, reused round after round.
     */
    public static final class Rows {
        private double[][] weights = new double[16][];
        private double[][] outs = new double[16][];
        private int[] offsets = new int[16];
        private double[][] messages = new double[64][];
        private int rows;
        private int used;
        private int longest;

        /**
         * Adds the row {@code out = sum_k weights[k] messages[k]}, over the first
         * {@code weights.length} entries of {@code messages}, whose references are copied (the
         * caller may reuse the array); {@code out} must not alias any message of any row.
         */
        public void add(double[] weights, double[][] messages, double[] out) {
            if (out.length <= BLOCK) {
                // One block: the rows together would do the same work in the same order, so the
                // row is combined now, while its messages are still in cache from the gathering.
                combineBlock(weights, messages, 0, out, 0, out.length);
                return;
            }
            if (rows == this.weights.length) {
                this.weights = Arrays.copyOf(this.weights, 2 * rows);
                outs = Arrays.copyOf(outs, 2 * rows);
                offsets = Arrays.copyOf(offsets, 2 * rows);
            }
            int k = weights.length;
            if (used + k > this.messages.length) {
                this.messages = Arrays.copyOf(this.messages, Math.max(2 * this.messages.length, used + k));
            }
            System.arraycopy(messages, 0, this.messages, used, k);
            this.weights[rows] = weights;
            outs[rows] = out;
            offsets[rows] = used;
            rows++;
            used += k;
            longest = Math.max(longest, out.length);
        }

        /**
         * Combines every row added since the last call (a row of at most one block of coordinates
         * was combined when it was added), then forgets them (and their messages).
         */
        public void combine() {
            for (int start = 0; start < longest; start += BLOCK) {
                for (int r = 0; r < rows; r++) {
                    double[] out = outs[r];
                    int end = Math.min(out.length, start + BLOCK);
                    if (end > start) {
                        combineBlock(weights[r], messages, offsets[r], out, start, end);
                    }
                }
            }
            Arrays.fill(weights, 0, rows, null);
            Arrays.fill(outs, 0, rows, null);
            Arrays.fill(messages, 0, used, null);
            rows = 0;
            used = 0;
            longest = 0;
        }
    }
}
