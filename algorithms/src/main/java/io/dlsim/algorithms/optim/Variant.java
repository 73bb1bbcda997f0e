package io.dlsim.algorithms.optim;

/**
 * Where a node's gradient step sits relative to the mixing, for {@code dsgd}, {@code dspg} and
 * {@code dpsvrg} (one implementation, in {@link BaseNode}); d_i is the node's direction (the
 * minibatch gradient, or DPSVRG's variance-reduced gradient v_i), K the step's gossip rounds and
 * prox the algorithm's proximal map (the identity for D-SGD):
 * <pre>
 *   combine-then-adapt:  x_i <- prox_{eta r}( sum_j [W^K]_ij x_j - eta d_i )
 *   adapt-then-combine:  x_i <- prox_{eta r}( sum_j [W^K]_ij (x_j - eta d_j) )
 * </pre>
 * The difference matters for exactness with a constant step: in combine-then-adapt each node
 * applies its own direction after the mixing, so with heterogeneous local gradients the fixed
 * point keeps an O(eta) bias whatever K is; in adapt-then-combine the directions are mixed too,
 * the bias shrinks like lambda^K, and a growing K (a {@link GossipRounds} schedule) removes it
 * (Li et al., DPSVRG, arXiv 2112.10389, whose update is of this multi-consensus form).
 */
public enum Variant {
    /** {@code x_i <- prox( sum_j [W^K]_ij x_j - eta d_i )} (Zhu et al.'s D-SGD; every default). */
    COMBINE_THEN_ADAPT,
    /** {@code x_i <- prox( sum_j [W^K]_ij (x_j - eta d_j) )}: the message is the local step. */
    ADAPT_THEN_COMBINE
}
