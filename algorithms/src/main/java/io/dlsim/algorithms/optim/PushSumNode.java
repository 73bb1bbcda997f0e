package io.dlsim.algorithms.optim;

import io.dlsim.topologies.mixing.Stochasticity;

/**
 * The push-sum recursion shared by {@link PushSum} and {@link Sgp} (Kempe, Dobra and Gehrke,
 * FOCS 2003; Assran, Loizou, Ballas and Rabbat, ICML 2019): each node keeps a numerator x_i and
 * a scalar weight w_i (initially 1) and reports the de-biased estimate {@code z_i = x_i / w_i}:
 * <pre>
 *   x_i^{k+1/2} = x_i^k - eta_k g_i(z_i^k)          (no step for pure push-sum)
 *   x_i^{k+1}   = sum_j W_ij x_j^{k+1/2},   w_i^{k+1} = sum_j W_ij w_j^k,   z_i^{k+1} = x_i^{k+1} / w_i^{k+1}
 * </pre>
 * W must be column stochastic ({@link #NEEDS}): then {@code sum_i x_i} and {@code sum_i w_i = n}
 * are preserved, and on a strongly connected graph {@code W^k -> v 1^T} with v the Perron vector,
 * so {@code x_i^k -> v_i sum_j x_j^0} and {@code w_i^k -> v_i n}: the ratio z_i tends to the
 * exact average of the x_j^0 however unbalanced the graph, where plain averaging with the same
 * weights ({@code x <- W x}) tends to {@code n v_i} times the average (no consensus) and with
 * row-stochastic weights to a Perron-weighted average (consensus at a biased point).
 *
 * <p>The message is {@code [x_i, w_i]} (d + 1 doubles, counted in {@code bytes}); the combination
 * is linear, so one {@code Gossip.combine} mixes both. The subclass sets {@link #eta} and leaves
 * its direction in {@link #gradient}, evaluated at {@link #parameters()} = z_i.
 */
abstract class PushSumNode extends BaseNode {
    /** What push-sum needs of every W(t): its columns sum to 1. */
    static final Stochasticity NEEDS = Stochasticity.COLUMN;

    /** The push-sum weight w_i. */
    private double weight = 1;
    /** The de-biased estimate z_i = x_i / w_i: what the node reports and differentiates at. */
    private final double[] z;
    private final double[] packed;
    /** The step size of the current round, set by {@link #prepareStep(long)}. */
    protected double eta;

    PushSumNode(NodeContext ctx) {
        super(ctx);
        z = x.clone();
        packed = new double[x.length + 1];
    }

    /** The local computation of round k at z_i: sets {@link #eta} and leaves the direction in {@link #gradient}. */
    protected abstract void prepareStep(long round);

    @Override
    public final double[] outgoing(long round) {
        prepareStep(round);
        int d = x.length;
        if (eta == 0) {
            System.arraycopy(x, 0, packed, 0, d);
        } else {
            for (int c = 0; c < d; c++) {
                packed[c] = x[c] - eta * gradient[c];
            }
        }
        packed[d] = weight;
        return packed;
    }

    @Override
    public final void step(long round, double[] mixed) {
        int d = x.length;
        System.arraycopy(mixed, 0, x, 0, d);
        weight = mixed[d];
        for (int c = 0; c < d; c++) {
            z[c] = x[c] / weight;
        }
    }

    /** The de-biased estimate z_i = x_i / w_i (x_i itself before the first round, where w_i = 1). */
    @Override
    public final double[] parameters() {
        return z;
    }

    /** The push-sum weight w_i (1 at the start; its sum over nodes stays n). */
    public final double weight() {
        return weight;
    }

    /** The numerator x_i (read-only view). */
    public final double[] numerator() {
        return x;
    }
}
