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
 *
 * <p>Checkpoints ({@link AsynchronousCheckpoint}) are taken right after a row, at the time the
 * simulation was advanced to; a run resumed from one restores the simulation there and goes on
 * with the same windows and evaluations, so its rows are the uninterrupted run's.
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
        return run(sim, evaluator, rounds, evalEvery, evalEverySeconds, 0, null, observer);
    }

    /**
     * Runs to the end, with a checkpoint ({@link RunObserver#onCheckpoint}: every node's
     * {@link AsynchronousCheckpoint}) after every {@code checkpointEveryRows}-th row but the
     * last (0: none), from the start or ({@code resumeAt} not null) from such a checkpoint, the
     * simulation restored to it; then the rows before it are not made again. Returns the rows it made.
     */
    public static List<MetricsRow> run(EventSimulation sim, Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds,
            long checkpointEveryRows, AsynchronousCheckpoint.Position resumeAt, RunObserver observer) {
        if (rounds < 1 || evalEvery < 1 || !(evalEverySeconds >= 0) || checkpointEveryRows < 0) {
            throw new IllegalArgumentException("rounds and eval-every must be >= 1, eval-every-seconds and checkpoints >= 0, got "
                    + rounds + ", " + evalEvery + ", " + evalEverySeconds + ", " + checkpointEveryRows);
        }
        Progress p = new Progress(sim, evaluator, observer, checkpointEveryRows, resumeAt);
        if (resumeAt == null) {
            p.evaluate(0);
        }
        if (sim.lookahead() > 0) {
            windows(p, rounds, evalEvery, evalEverySeconds);
        } else {
            events(p, rounds, evalEvery, evalEverySeconds);
        }
        return p.rows;
    }

    /** Where a run stands: its rows, the next window and evaluation, and when to checkpoint. */
    private static final class Progress {
        final EventSimulation sim;
        final Evaluator evaluator;
        final RunObserver observer;
        final long checkpointEvery;
        final List<MetricsRow> rows = new ArrayList<>();
        final long start = System.nanoTime();
        long window = 1;
        long evaluation = 1;
        long rowsTaken;

        Progress(EventSimulation sim, Evaluator evaluator, RunObserver observer, long checkpointEvery,
                AsynchronousCheckpoint.Position resumeAt) {
            this.sim = sim;
            this.evaluator = evaluator;
            this.observer = observer;
            this.checkpointEvery = checkpointEvery;
            if (resumeAt != null) {
                window = resumeAt.nextWindow();
                evaluation = resumeAt.nextEvaluation();
                rowsTaken = resumeAt.rowsTaken();
            }
        }

        void evaluate(double at) {
            long round = sim.totalSteps() / sim.nodes();
            List<NodeSnapshot> snaps = sim.snapshots(round);
            Evaluator.Checked checked = evaluator.check(snaps, (System.nanoTime() - start) / 1e9);
            EventEngine.Staleness s = EventEngine.staleness(sim.takeStalenessHistogram());
            MetricsRow row = checked.row().withAsynchrony(round, at, s.mean(), s.p95(), s.max());
            SequentialRunner.take(new Evaluator.Checked(row, checked.divergence()), rows, observer);
        }

        /**
         * A row that is not the last: then a checkpoint when one is due, of the simulation advanced
         * to {@code processedUntil}, from which a resumed run goes on with evaluation {@code nextEvaluation}.
         */
        void evaluateAndCheckpoint(double at, double processedUntil, long nextEvaluation) {
            evaluate(at);
            rowsTaken++;
            if (checkpointEvery > 0 && rowsTaken % checkpointEvery == 0 && observer != null) {
                observer.onCheckpoint(rows.get(rows.size() - 1).round(),
                        sim.save(new AsynchronousCheckpoint.Position(processedUntil, window, nextEvaluation, rowsTaken)));
            }
        }
    }

    private static void windows(Progress p, long rounds, long evalEvery, double evalEverySeconds) {
        EventSimulation sim = p.sim;
        int n = sim.nodes();
        long limit = rounds * n;
        double width = sim.lookahead() * (1 - WINDOW_MARGIN);
        for (;;) {
            double next = sim.nextEventTime();
            if (next == Double.POSITIVE_INFINITY) {
                throw stalled(sim, limit);
            }
            // Empty windows change nothing: go on with the one that holds the next event.
            p.window = Math.max(p.window, (long) Math.ceil(next / width));
            if (p.window * width < next) {
                p.window++;
            }
            double end = p.window * width;
            double evalAt = evalEverySeconds > 0 ? p.evaluation * evalEverySeconds : Double.POSITIVE_INFINITY;
            double until = Math.min(end, evalAt);
            sim.advanceTo(until);
            if (until == end) {
                p.window++;
            }
            if (sim.totalSteps() >= limit) {
                p.evaluate(sim.now());
                return;
            }
            if (until == evalAt) {
                p.evaluation++;
                p.evaluateAndCheckpoint(until, until, p.evaluation);
            } else if (evalEverySeconds == 0 && sim.totalSteps() >= p.evaluation * evalEvery * n) {
                p.evaluation = sim.totalSteps() / (evalEvery * n) + 1;
                p.evaluateAndCheckpoint(sim.now(), until, p.evaluation);
            }
        }
    }

    private static void events(Progress p, long rounds, long evalEvery, double evalEverySeconds) {
        EventSimulation sim = p.sim;
        int n = sim.nodes();
        long limit = rounds * n;
        for (;; p.evaluation++) {
            boolean done;
            double at;
            if (evalEverySeconds > 0) {
                at = p.evaluation * evalEverySeconds;
                done = sim.advance(at, limit);
                if (!done && sim.nextEventTime() == Double.POSITIVE_INFINITY) {
                    throw stalled(sim, limit);
                }
            } else {
                done = sim.advance(Double.POSITIVE_INFINITY, Math.min(limit, p.evaluation * evalEvery * n));
                at = sim.now();
                if (!done) {
                    throw stalled(sim, limit);
                }
                done = sim.totalSteps() >= limit;
            }
            if (done) {
                p.evaluate(sim.now());
                return;
            }
            p.evaluateAndCheckpoint(at, at, p.evaluation + 1);
        }
    }

    private static IllegalStateException stalled(EventSimulation sim, long limit) {
        return new IllegalStateException("the asynchronous run stalled after " + sim.totalSteps() + " of " + limit
                + " steps: no node can take another step (every one waits for a message that never comes)");
    }
}
