package io.dlsim.metrics;

import io.dlsim.algorithms.engine.EventEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an asynchronous run ({@link EventEngine}, or its parts: {@link EventSimulation}) and
 * evaluates it, until the nodes have made {@code rounds x n} local steps together (the work of
 * {@code rounds} synchronous rounds), with a row every {@code evalEverySeconds} of simulated
 * time when that is > 0, else each time the nodes have made another {@code evalEvery x n}
 * steps, and one at the end. A row's {@code round} is the mean of the nodes' local steps
 * (total / n, rounded down), its {@code sim_seconds} the simulated time it was taken at, its
 * staleness that of the messages combined since the previous row, and its models the nodes'
 * models at that time. A row that diverged stops the run as in {@link SequentialRunner}.
 *
 * <p>When is a step count reached? With a positive lookahead L ({@link EventSimulation#lookahead})
 * simulated time is cut into windows {@code (j w, (j + 1) w]} with {@code w = L (1 - 1e-6)}
 * (shorter than L by more than the rounding of any time below ~10^5 s, so that no message sent
 * inside a window arrives in it), also cut at every {@code evalEverySeconds} instant; a
 * step-count row, and the end, are taken at the end of the window in which the count is
 * reached, and labelled with the time of the last event processed (nothing changes between it
 * and the window's end). That is what a parallel engine can see without the global order of events, so the
 * one-thread engine does the same and every engine gives the same rows. With a lookahead of 0
 * (latencies that can be arbitrarily small) there are no windows: the row is taken at the
 * instant of the step that reaches the count (every event of that instant included), which only
 * the one-thread engine can find.
 */
public final class AsynchronousRunner {
    /** How much shorter than the lookahead a window is: see the class comment. */
    static final double WINDOW_MARGIN = 1e-6;

    private AsynchronousRunner() {
    }

    /** Runs the one-thread engine to the end; see {@link #run(EventSimulation, Evaluator, long, long, double, RunObserver)}. */
    public static List<MetricsRow> run(EventEngine engine, Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds,
            RunObserver observer) {
        return run(EventSimulation.of(engine), evaluator, rounds, evalEvery, evalEverySeconds, observer);
    }

    /** Runs to the end; returns every row (also given to {@code observer} as it is made). */
    public static List<MetricsRow> run(EventSimulation sim, Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds,
            RunObserver observer) {
        if (rounds < 1 || evalEvery < 1 || !(evalEverySeconds >= 0)) {
            throw new IllegalArgumentException("rounds and eval-every must be >= 1 and eval-every-seconds >= 0, got " + rounds + ", "
                    + evalEvery + ", " + evalEverySeconds);
        }
        List<MetricsRow> rows = new ArrayList<>();
        long start = System.nanoTime();
        evaluate(sim, evaluator, 0, rows, observer, start);
        if (sim.lookahead() > 0) {
            windows(sim, evaluator, rounds, evalEvery, evalEverySeconds, observer, rows, start);
        } else {
            events(sim, evaluator, rounds, evalEvery, evalEverySeconds, observer, rows, start);
        }
        return rows;
    }

    private static void windows(EventSimulation sim, Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds,
            RunObserver observer, List<MetricsRow> rows, long start) {
        int n = sim.nodes();
        long limit = rounds * n;
        double width = sim.lookahead() * (1 - WINDOW_MARGIN);
        long j = 1;
        long k = 1;
        for (;;) {
            double next = sim.nextEventTime();
            if (next == Double.POSITIVE_INFINITY) {
                throw stalled(sim, limit);
            }
            // Empty windows change nothing: go on with the one that holds the next event.
            j = Math.max(j, (long) Math.ceil(next / width));
            if (j * width < next) {
                j++;
            }
            double end = j * width;
            double evalAt = evalEverySeconds > 0 ? k * evalEverySeconds : Double.POSITIVE_INFINITY;
            double until = Math.min(end, evalAt);
            sim.advanceTo(until);
            if (until == end) {
                j++;
            }
            if (sim.totalSteps() >= limit) {
                evaluate(sim, evaluator, sim.now(), rows, observer, start);
                return;
            }
            if (until == evalAt) {
                evaluate(sim, evaluator, until, rows, observer, start);
                k++;
            } else if (evalEverySeconds == 0 && sim.totalSteps() >= k * evalEvery * n) {
                evaluate(sim, evaluator, sim.now(), rows, observer, start);
                k = sim.totalSteps() / (evalEvery * n) + 1;
            }
        }
    }

    private static void events(EventSimulation sim, Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds,
            RunObserver observer, List<MetricsRow> rows, long start) {
        int n = sim.nodes();
        long limit = rounds * n;
        for (long k = 1;; k++) {
            boolean done;
            double at;
            if (evalEverySeconds > 0) {
                at = k * evalEverySeconds;
                done = sim.advance(at, limit);
                if (!done && sim.nextEventTime() == Double.POSITIVE_INFINITY) {
                    throw stalled(sim, limit);
                }
            } else {
                done = sim.advance(Double.POSITIVE_INFINITY, Math.min(limit, k * evalEvery * n));
                at = sim.now();
                if (!done) {
                    throw stalled(sim, limit);
                }
                done = sim.totalSteps() >= limit;
            }
            if (done) {
                evaluate(sim, evaluator, sim.now(), rows, observer, start);
                return;
            }
            evaluate(sim, evaluator, at, rows, observer, start);
        }
    }

    private static IllegalStateException stalled(EventSimulation sim, long limit) {
        return new IllegalStateException("the asynchronous run stalled after " + sim.totalSteps() + " of " + limit
                + " steps: no node can take another step (every one waits for a message that never comes)");
    }

    private static void evaluate(EventSimulation sim, Evaluator evaluator, double at, List<MetricsRow> rows, RunObserver observer,
            long start) {
        long round = sim.totalSteps() / sim.nodes();
        List<NodeSnapshot> snaps = sim.snapshots(round);
        Evaluator.Checked checked = evaluator.check(snaps, (System.nanoTime() - start) / 1e9);
        EventEngine.Staleness s = EventEngine.staleness(sim.takeStalenessHistogram());
        MetricsRow row = checked.row().withAsynchrony(round, at, s.mean(), s.p95(), s.max());
        SequentialRunner.take(new Evaluator.Checked(row, checked.divergence()), rows, observer);
    }
}
