package io.dlsim.metrics;

import io.dlsim.algorithms.engine.NodeState;
import io.dlsim.algorithms.optim.NodeAlgorithm;

/**
 * What a node reports at an evaluation round: a copy of its model and its counters, and at a
 * checkpoint round its whole state ({@link NodeState}; null otherwise). Engines build these
 * (locally, or from messages in a cluster) and the {@link Evaluator} turns the n snapshots of a
 * round, in node id order, into a {@link MetricsRow}.
 */
public record NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent,
        long bytesSent, double epochs, byte[] state) {

    /** A snapshot without state. */
    public NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent, long bytesSent,
            double epochs) {
        this(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, null);
    }

    /** A snapshot of {@code node} after {@code round} rounds (copies the parameters). */
    public static NodeSnapshot of(NodeAlgorithm node, long round) {
        return of(node, round, false);
    }

    /** A snapshot of {@code node} after {@code round} rounds, with its whole state when {@code withState}. */
    public static NodeSnapshot of(NodeAlgorithm node, long round, boolean withState) {
        return new NodeSnapshot(node.node(), round, node.parameters().clone(), node.counters().gradientEvaluations(),
                node.counters().messagesSent(), node.counters().bytesSent(), node.epochs(), withState ? NodeState.save(node) : null);
    }
}
