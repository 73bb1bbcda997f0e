package io.dlsim.simulator.engine;

import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.RunObserver;
import io.dlsim.metrics.SequentialRunner;
import io.dlsim.simulator.run.PreparedRun;
import java.util.List;

/**
 * {@link EngineType#SEQUENTIAL}: the oracle of the {@code algorithms} module
 * ({@link SequentialEngine}, all nodes in lockstep in one thread, evaluated by
 * {@link SequentialRunner}) behind the {@link Engine} seam, unchanged. A node's exception is
 * thrown as is, in the calling thread.
 */
final class SequentialEngineAdapter implements Engine {
    @Override
    public EngineType type() {
        return EngineType.SEQUENTIAL;
    }

    @Override
    public List<MetricsRow> runNodes(PreparedRun run, EvaluationRounds plan, RunObserver observer) {
        return SequentialRunner.run(new SequentialEngine(run.schedule(), run.nodes(), plan.firstRound(), run.systemModel()), run.evaluator(), plan,
                observer);
    }
}
