package io.dlsim.algorithms.optim;

/**
 * Pure gossip averaging (Xiao and Boyd, 2004): {@code x_i <- sum_j W_ij(t) x_j}, no gradients.
 * With a doubly stochastic W the average is preserved and the consensus distance contracts by
 * at most {@code lambda^2} per round. The baseline for how fast a topology mixes.
 */
public final class GossipAveraging extends BaseNode {
    /** Gossip averaging takes no settings: no step, no minibatch. */
    public record Settings() implements AlgorithmSettings {
        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new GossipAveraging(ctx);
        }
    }

    public GossipAveraging(NodeContext ctx) {
        super(ctx);
    }

    @Override
    public double[] outgoing(long round) {
        System.arraycopy(x, 0, message, 0, x.length);
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        System.arraycopy(mixed, 0, x, 0, x.length);
    }

    @Override
    public double epochs() {
        return 0;
    }
}
