package io.dlsim.algorithms.optim;

/**
 * The state machine of one node, driven one gossip round at a time by an engine:
 * <ol>
 *   <li>{@link #outgoing(long)}: the node does its local computation for round t from its own
 *       state and returns the message it sends to its out-neighbours under W(t);</li>
 *   <li>the engine combines the round-t messages of the node and its in-neighbours,
 *       {@code mixed = sum_j W(t)[i][j] m_j} in ascending node id order
 *       ({@link io.dlsim.algorithms.engine.Gossip#combine});</li>
 *   <li>{@link #step(long, double[])}: the node applies the rest of its update to
 *       {@code mixed} (a step, a proximal map, ...).</li>
 * </ol>
 * Contract: rounds are called in order 0, 1, 2, ..., each as outgoing then step. The message
 * array returned by {@code outgoing(t)} belongs to the node and is not modified by
 * {@code step(t, ...)}; it is overwritten by {@code outgoing(t + 1)}, so an engine that keeps a
 * message longer (a slow neighbour, the network) must copy it. The node never sees who its
 * neighbours are or how messages move: the maths is the same in every engine.
 */
public interface NodeAlgorithm {
    /** This node's id. */
    int node();

    /** Local computation for round t; returns the message to send (see the class contract). */
    double[] outgoing(long round);

    /** Finishes round t given the combination of the received messages (not retained). */
    void step(long round, double[] mixed);

    /** The node's current model x_i (read-only view, valid until the next call). */
    double[] parameters();

    /**
     * Bytes that {@code message}, just returned by {@link #outgoing(long)}, encodes to on the
     * wire: what {@code bytes} counts per recipient. Raw doubles (8 bytes each) unless the node
     * compresses (CHOCO-SGD counts values plus indices, or quantized widths).
     */
    default long messageBytes(double[] message) {
        return (long) Double.BYTES * message.length;
    }

    /** Work and communication so far. */
    io.dlsim.algorithms.engine.NodeCounters counters();

    /** Examples drawn by this node's minibatches so far divided by its shard size. */
    double epochs();
}
