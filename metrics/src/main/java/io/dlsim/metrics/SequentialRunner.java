package io.dlsim.metrics;

import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.optim.CentralizedSgd;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SequentialEngine} for a number of rounds and evaluates it at the
 * {@link EvaluationRounds}, handing each row to an observer as it comes. A row that
 * {@link Divergence diverged} is handed on too, then the run stops with a
 * {@link DivergedException}.
 */
public final class SequentialRunner {
    private SequentialRunner() {
    }

    /**
     * Runs to the end; returns every row (also given to {@code observer} as it is made, with the
     * checkpoints of the plan). The engine's next round must be {@code plan.firstRound()}.
     */
    public static List<MetricsRow> run(SequentialEngine engine, Evaluator evaluator, EvaluationRounds plan, RunObserver observer) {
        if (engine.round() != plan.firstRound()) {
            throw new IllegalArgumentException("the engine is at round " + engine.round() + ", the plan starts at " + plan.firstRound());
        }
        List<MetricsRow> rows = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            long done = engine.round();
            if (plan.isEvaluated(done)) {
                List<NodeSnapshot> snaps = new ArrayList<>();
                for (NodeAlgorithm node : engine.nodes()) {
                    snaps.add(NodeSnapshot.of(node, done));
                }
                take(evaluator.check(snaps, (System.nanoTime() - start) / 1e9), rows, observer);
                if (observer != null && plan.isCheckpoint(done)) {
                    List<byte[]> states = new ArrayList<>();
                    for (NodeAlgorithm node : engine.nodes()) {
                        states.add(io.dlsim.algorithms.engine.NodeState.save(node));
                    }
                    observer.onCheckpoint(done, states);
                }
            }
            if (done >= plan.totalRounds()) {
                return rows;
            }
            engine.runRound();
        }
    }

    /**
     * Runs the centralized baseline with the same evaluation rounds; the single model stands for
     * every node (consensus distance 0, no messages).
     */
    public static List<MetricsRow> runCentralized(CentralizedSgd sgd, Evaluator evaluator, EvaluationRounds plan, RunObserver observer) {
        List<MetricsRow> rows = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            long done = sgd.round();
            if (plan.isEvaluated(done)) {
                take(evaluator.check(done, sgd.epochs(), sgd.gradientEvaluations(), 0, 0,
                        List.of(sgd.parameters().clone()), (System.nanoTime() - start) / 1e9), rows, observer);
            }
            if (done >= plan.totalRounds()) {
                return rows;
            }
            sgd.runRound();
        }
    }

    /** Keeps the row, hands it on, and stops the run if it diverged. */
    static void take(Evaluator.Checked checked, List<MetricsRow> rows, RunObserver observer) {
        rows.add(checked.row());
        if (observer != null) {
            observer.onRow(checked.row());
        }
        if (checked.divergence() != null) {
            throw new DivergedException(checked.divergence(), rows);
        }
    }
}
