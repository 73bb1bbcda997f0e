package io.dlsim.metrics;

import io.dlsim.algorithms.engine.EventEngine;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an asynchronous run ({@link EventEngine}) and evaluates it: until the nodes have made
 * {@code rounds x n} local steps together (the work of {@code rounds} synchronous rounds), with
 * a row every {@code evalEverySeconds} of simulated time when that is > 0, else every time the
 * nodes have made another {@code evalEvery x n} steps, and one at the end. A row's
 * {@code round} is the mean of the nodes' local steps (total / n, rounded down), its
 * {@code sim_seconds} the simulated time it was taken at, and its staleness that of the messages
 * combined since the previous row; its models are the nodes' models at that time. A row that
 * diverged stops the run as in {@link SequentialRunner}.
 */
public final class AsynchronousRunner {
    private AsynchronousRunner() {
    }

    /** Runs to the end; returns every row (also given to {@code observer} as it is made). */
    public static List<MetricsRow> run(EventEngine engine, Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds,
            RunObserver observer) {
        if (rounds < 1 || evalEvery < 1 || !(evalEverySeconds >= 0)) {
            throw new IllegalArgumentException("rounds and eval-every must be >= 1 and eval-every-seconds >= 0, got " + rounds + ", "
                    + evalEvery + ", " + evalEverySeconds);
        }
        List<NodeAlgorithm> nodes = engine.nodes();
        int n = nodes.size();
        long limit = rounds * n;
        List<MetricsRow> rows = new ArrayList<>();
        long start = System.nanoTime();
        evaluate(engine, evaluator, 0, rows, observer, start);
        for (long k = 1;; k++) {
            boolean done;
            double at;
            if (evalEverySeconds > 0) {
                at = k * evalEverySeconds;
                done = engine.advance(at, limit);
            } else {
                done = engine.advance(Double.POSITIVE_INFINITY, Math.min(limit, k * evalEvery * n));
                at = engine.now();
                done = done && engine.totalSteps() >= limit;
            }
            if (done) {
                evaluate(engine, evaluator, engine.now(), rows, observer, start);
                return rows;
            }
            evaluate(engine, evaluator, at, rows, observer, start);
        }
    }

    private static void evaluate(EventEngine engine, Evaluator evaluator, double at, List<MetricsRow> rows, RunObserver observer,
            long start) {
        List<NodeAlgorithm> nodes = engine.nodes();
        long round = engine.totalSteps() / nodes.size();
        List<NodeSnapshot> snaps = new ArrayList<>(nodes.size());
        for (NodeAlgorithm node : nodes) {
            snaps.add(NodeSnapshot.of(node, round));
        }
        Evaluator.Checked checked = evaluator.check(snaps, (System.nanoTime() - start) / 1e9);
        EventEngine.Staleness s = engine.takeStaleness();
        MetricsRow row = checked.row().withAsynchrony(round, at, s.mean(), s.p95(), s.max());
        SequentialRunner.take(new Evaluator.Checked(row, checked.divergence()), rows, observer);
    }
}
