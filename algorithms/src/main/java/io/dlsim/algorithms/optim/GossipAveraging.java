package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.NoRegularizer;

/**
 * Pure gossip averaging (Xiao and Boyd, 2004): {@code x_i <- sum_j W_ij(t) x_j}, no gradients.
 * With a doubly stochastic W the average is preserved and the consensus distance contracts by
 * at most {@code lambda^2} per round. The baseline for how fast a topology mixes. It is the
 * shared step of {@link BaseNode} with eta = 0 (adapt-then-combine, so the message is x itself:
 * {@code x - 0 * 0} is x bit for bit).
 */
public final class GossipAveraging extends MixingStepNode {
    /** Gossip averaging takes no settings: no step, no minibatch. */
    public record Settings() implements AlgorithmSettings {
        /** True: the message is the node's model, so a row re-weighted over what arrived is still a mixing step. */
        @Override
        public boolean toleratesLostMessages() {
            return true;
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new GossipAveraging(ctx);
        }
    }

    public GossipAveraging(NodeContext ctx) {
        super(ctx, Variant.ADAPT_THEN_COMBINE, GossipRounds.ONE, new NoRegularizer());
    }

    /** No local computation: eta stays 0 and the direction stays 0. */
    @Override
    protected void prepareStep() {
    }

    @Override
    public double epochs() {
        return 0;
    }
}
