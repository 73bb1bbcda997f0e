package io.dlsim.metrics;

import io.dlsim.algorithms.engine.NodeState;
import io.dlsim.algorithms.optim.NodeAlgorithm;

/**
 * What a node reports at an evaluation round: a copy of its model and its counters, at a
 * checkpoint round its whole state ({@link NodeState}; null otherwise), and optionally its local
 * loss f_i(x_i) computed where the node runs ({@link Evaluator.LocalLoss}; null when the
 * evaluator is to compute it), which spreads that pass over the data across the engine's
 * threads and members. Engines build these (locally, or from messages in a cluster) and the
 * {@link Evaluator} turns the n snapshots of a round, in node id order, into a {@link MetricsRow}.
 * {@code clock} and {@code idleSeconds} are the node's simulated time ({@code NodeCounters}; 0
 * without a system model); {@code online} whether it takes part in the next round (always, without churn);
 * {@code steps} the local steps it has completed on simulated time (0 without a system model).
 */
public record NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent,
        long bytesSent, double epochs, byte[] state, Double localLoss, double clock, double idleSeconds, boolean online,
        long steps) {

    /** A snapshot without a step count. */
    public NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent, long bytesSent,
            double epochs, byte[] state, Double localLoss, double clock, double idleSeconds, boolean online) {
        this(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, state, localLoss, clock, idleSeconds,
                online, 0);
    }

    /** A snapshot of a node that is online. */
    public NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent, long bytesSent,
            double epochs, byte[] state, Double localLoss, double clock, double idleSeconds) {
        this(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, state, localLoss, clock, idleSeconds,
                true);
    }

    /** A snapshot without simulated time. */
    public NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent, long bytesSent,
            double epochs, byte[] state, Double localLoss) {
        this(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, state, localLoss, 0, 0);
    }

    /** A snapshot without local loss. */
    public NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent, long bytesSent,
            double epochs, byte[] state) {
        this(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, state, null);
    }

    /** A snapshot without state or local loss. */
    public NodeSnapshot(int node, long round, double[] parameters, long gradientEvaluations, long messagesSent, long bytesSent,
            double epochs) {
        this(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, null, null);
    }

    /** This snapshot with its local loss computed. */
    public NodeSnapshot withLocalLoss(double loss) {
        return new NodeSnapshot(node, round, parameters, gradientEvaluations, messagesSent, bytesSent, epochs, state, loss, clock,
                idleSeconds, online, steps);
    }

    /** A snapshot of {@code node} after {@code round} rounds (copies the parameters). */
    public static NodeSnapshot of(NodeAlgorithm node, long round) {
        return of(node, round, false);
    }

    /** A snapshot of {@code node} after {@code round} rounds, with its whole state when {@code withState}. */
    public static NodeSnapshot of(NodeAlgorithm node, long round, boolean withState) {
        return new NodeSnapshot(node.node(), round, node.parameters().clone(), node.counters().gradientEvaluations(),
                node.counters().messagesSent(), node.counters().bytesSent(), node.epochs(), withState ? NodeState.save(node) : null,
                null, node.counters().clock(), node.counters().idleSeconds(), node.counters().online(),
                node.counters().steps());
    }
}
