package io.dlsim.metrics;

import java.util.List;

/** Receives the metrics rows of a run as they are evaluated, in round order, and its checkpoints. */
@FunctionalInterface
public interface RunObserver {
    void onRow(MetricsRow row);

    /**
     * The run's state after {@code round} rounds, a checkpoint round of the plan: every node's
     * {@link io.dlsim.algorithms.engine.NodeState} bytes in id order. Called right after the
     * row of that round, before any later row.
     */
    default void onCheckpoint(long round, List<byte[]> nodeStates) {
    }
}
