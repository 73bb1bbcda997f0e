package io.dlsim.algorithms.optim;

import io.dlsim.topologies.mixing.Stochasticity;

/**
 * Push-sum gossip averaging (Kempe, Dobra and Gehrke, "Gossip-based computation of aggregate
 * information", FOCS 2003; the deterministic form of Bénézit et al. 2010 and Nedić and
 * Olshevsky 2015): on a directed graph with column-stochastic W,
 * <pre>
 *   x_i <- sum_j W_ij x_j,   w_i <- sum_j W_ij w_j,   z_i = x_i / w_i    (x_i^0 the initial model, w_i^0 = 1)
 * </pre>
 * and every z_i converges geometrically to the exact average of the initial models, where plain
 * gossip {@code x <- W x} with the same weights does not (see {@link PushSumNode}). No gradients.
 */
public final class PushSum extends PushSumNode {
    /** Push-sum takes no settings: no step, no minibatch. */
    public record Settings() implements AlgorithmSettings {
        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new PushSum(ctx);
        }

        @Override
        public Stochasticity needsWeights() {
            return NEEDS;
        }
    }

    public PushSum(NodeContext ctx) {
        super(ctx);
    }

    /** No local computation: eta stays 0. */
    @Override
    protected void prepareStep(long round) {
    }

    @Override
    public double epochs() {
        return 0;
    }
}
