package io.dlsim.algorithms.compression;

/**
 * One node's instance of a compression operator Q on vectors of a fixed dimension d: it owns
 * its scratch buffers and its random stream (for random-k and QSGD), so it is not shared
 * between nodes. Built by {@link Compression#create}.
 */
public interface Compressor {
    /**
     * Writes {@code Q(v)} into {@code out} as a dense vector (the coordinates a sparse
     * operator drops are 0). {@code out} must not alias {@code v}. Draws from the node's stream
     * (a fixed number of draws per call for a given d), so a run is reproducible.
     */
    void compress(double[] v, double[] out);

    /** Bytes of the encoding of one {@code Q(v)} (the same for every v of this dimension). */
    long messageBytes();
}
