package io.dlsim.simulator.engine;

import io.dlsim.algorithms.optim.CentralizedSgd;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.RunObserver;
import io.dlsim.metrics.SequentialRunner;
import io.dlsim.simulator.run.PreparedRun;
import java.util.List;

/**
 * Executes runs: the one seam between what a run is ({@link PreparedRun}) and how its nodes are
 * moved (in lockstep in one thread, on actors, on a cluster). Obtain one from
 * {@link EngineType#create()}, or from a coordinator member for the cluster; callers
 * ({@code dlsim run}, {@code dlsim bench}, the cluster, the tests) use {@link #run} only.
 *
 * <p>The contract every engine keeps:
 * <ul>
 *   <li>{@link #run} builds fresh nodes and a fresh evaluator from the prepared run, so one
 *       {@link PreparedRun} can be run again, by the same or another engine;</li>
 *   <li>it evaluates after the rounds {@code plan} names and returns those rows in round order;
 *       every engine returns the same rows for the same run, bit for bit, except
 *       {@code wall_seconds};</li>
 *   <li>each row goes to {@code observer} (which may be null) as soon as it is evaluated, in
 *       round order and never concurrently, before {@link #run} returns;</li>
 *   <li>{@link #run} blocks the calling thread until the last row, and leaves no thread or
 *       actor of the run behind.</li>
 * </ul>
 */
public interface Engine {
    /** Which engine this is (the {@code engine} of summary.json). */
    EngineType type();

    /**
     * Runs {@code run} to the end; see the class comment for the contract.
     *
     * <p>An asynchronous run ({@code execution: asynchronous}) runs on the discrete-event engine
     * in this JVM ({@link io.dlsim.metrics.AsynchronousRunner}): in one thread on the sequential
     * engine, in blocks of nodes advanced window by window on the actor engine and the cluster
     * (the same rows; {@link ActorEngine#runAsynchronous}). {@code plan} is not read for it (it evaluates on simulated time or
     * every {@code eval-every} mean steps).
     *
     * <p>The centralized baseline is the one run that has no gossiping nodes: a single model
     * trained on the union of the shards. It runs in this JVM on the sequential loop whatever
     * the engine (it has nothing to place or to gossip), and this method is the one place that
     * knows it; every other run goes to {@link #runNodes}.
     *
     * @throws RunFailedException when the run ends early for a reason the engine can name (a node
     *     failed, a member was lost), carrying the rows evaluated before it
     * @throws InterruptedException if the calling thread is interrupted while it waits
     */
    default List<MetricsRow> run(PreparedRun run, EvaluationRounds plan, RunObserver observer) throws InterruptedException {
        if (run.scenario().execution().asynchronous()) {
            // The sequential engine runs the discrete-event oracle; the actor engine and the cluster
            // run it in blocks advanced window by window.
            return runAsynchronous(run, observer);
        }
        if (run.scenario().algorithm() instanceof CentralizedSgd.Settings centralized) {
            return SequentialRunner.runCentralized(centralized.createCentralized(run.contexts(), run.scenario().rounds()),
                    run.evaluator(), plan, observer);
        }
        return runNodes(run, plan, observer);
    }

    /**
     * Runs an asynchronous run ({@code execution: asynchronous}) to the end (never call it
     * directly: {@link #run} dispatches here): this default runs the one-thread discrete-event
     * engine, the oracle; engines that spread the nodes override it and give the same rows.
     */
    default List<MetricsRow> runAsynchronous(PreparedRun run, RunObserver observer) throws InterruptedException {
        var s = run.scenario();
        return io.dlsim.metrics.AsynchronousRunner.run(io.dlsim.metrics.EventSimulation.of(run.eventEngine()), run.evaluator(),
                s.rounds(), s.evalEvery(), s.execution().evalEverySeconds() == null ? 0 : s.execution().evalEverySeconds(),
                run.asynchronousCheckpointRows(), run.asynchronousResume(), observer);
    }

    /**
     * Runs the n gossiping nodes of {@code run} (never the centralized baseline: call
     * {@link #run}, which dispatches here), under the contract of the class comment.
     */
    List<MetricsRow> runNodes(PreparedRun run, EvaluationRounds plan, RunObserver observer) throws InterruptedException;

    /**
     * This engine for a run that shares the JVM with other runs ({@code dlsim run --jobs}): one
     * that uses about {@code cores} processors. The actor engine sizes its blocks by them
     * ({@link BlockLayout#blockCount}); engines that run in one thread, or on other machines, are
     * returned as they are. The rows never depend on it.
     *
     * @param cores processors this run may use, >= 1
     */
    default Engine withCores(int cores) {
        return this;
    }
}
