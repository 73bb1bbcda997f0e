package io.dlsim.algorithms.optim;

/**
 * A node that another node can average with atomically (AD-PSGD's passive side): the engine
 * calls {@link #averageWith} when a peer's averaging request arrives, at any moment of this
 * node's own step.
 */
public interface PairwiseAveraging {
    /**
     * Sets {@code x <- (peer + x) / 2} (coordinate-wise, in that order) and writes the new x to
     * {@code out}: the reply to the peer.
     */
    void averageWith(double[] peer, double[] out);
}
