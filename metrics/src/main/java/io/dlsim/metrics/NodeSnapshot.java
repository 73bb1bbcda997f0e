package io.dlsim.metrics;

import io.dlsim.algorithms.optim.NodeAlgorithm;

/**
 * What a node reports at an evaluation round: a copy of its model and its counters. Engines
 * build these (locally, or from messages in a cluster) and the {@link Evaluator} turns the n
 * snapshots of a round, in node id order, into a {@link MetricsRow}.
 */
public record NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent,
        long bytesSent, double epochs) {

    /** A snapshot of {@code node} after {@code round} rounds (copies the parameters). */
    public static NodeSnapshot of(NodeAlgorithm node, long round) {
        return new NodeSnapshot(node.node(), round, node.parameters().clone(), node.counters().gradientEvaluations(),
                node.counters().messagesSent(), node.counters().bytesSent(), node.epochs());
    }
}
