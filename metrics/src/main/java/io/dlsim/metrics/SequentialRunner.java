package io.dlsim.metrics;

import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SequentialEngine} for a number of rounds and evaluates it at the
 * {@link EvaluationRounds}, handing each row to an observer as it comes.
 */
public final class SequentialRunner {
    private SequentialRunner() {
    }

    /** Runs to the end; returns every row (also given to {@code observer} as it is made). */
    public static List<MetricsRow> run(SequentialEngine engine, Evaluator evaluator, EvaluationRounds plan, RunObserver observer) {
        List<MetricsRow> rows = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            long done = engine.round();
            if (plan.isEvaluated(done)) {
                List<NodeSnapshot> snaps = new ArrayList<>();
                for (NodeAlgorithm node : engine.nodes()) {
                    snaps.add(NodeSnapshot.of(node, done));
                }
                MetricsRow row = evaluator.evaluate(snaps, (System.nanoTime() - start) / 1e9);
                rows.add(row);
                if (observer != null) {
                    observer.onRow(row);
                }
            }
            if (done >= plan.totalRounds()) {
                return rows;
            }
            engine.runRound();
        }
    }
}
