package io.dlsim.algorithms.engine;

/**
 * Work and communication of one node: component gradient evaluations (a minibatch gradient of
 * b examples counts b; a full local gradient counts the shard size, so DPSVRG's snapshots show),
 * messages sent and the bytes of their payloads (8 per double, or the size of a compressed
 * encoding, see {@code NodeAlgorithm#messageBytes}). Mutable, owned by one node.
 */
public final class NodeCounters implements NodeState.Stateful {
    private long gradientEvaluations;
    private long messagesSent;
    private long bytesSent;

    public void addGradients(long components) {
        gradientEvaluations += components;
    }

    /** Counts one message of {@code doubles} parameters to each of {@code recipients} nodes. */
    public void addSent(int recipients, int doubles) {
        messagesSent += recipients;
        bytesSent += (long) recipients * doubles * Double.BYTES;
    }

    /** Counts one message of {@code bytes} bytes to each of {@code recipients} nodes. */
    public void addSentBytes(int recipients, long bytes) {
        messagesSent += recipients;
        bytesSent += recipients * bytes;
    }

    public long gradientEvaluations() {
        return gradientEvaluations;
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }
}
