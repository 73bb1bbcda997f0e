package io.dlsim.simulator.run;

import io.dlsim.simulator.engine.Engine;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.scenario.Scenario;
import java.util.List;

/**
 * How many runs of a sweep run at once when the user does not say ({@code dlsim run} and
 * {@code dlsim resume} without {@code --jobs}, or with {@code --jobs auto}).
 *
 * <p>The rule: on the default engine ({@link EngineType#ACTORS}), a sweep runs as many runs at
 * once as this JVM has processors (at most its runs, and at most as many as fit the memory
 * budget together with a margin, {@link #MEMORY_MARGIN}); each of them then gets one core
 * ({@link ExperimentRunner.Options#coresPerRun}), so it runs in one block, i.e. on the sequential
 * engine's code in its own thread, without actors
 * ({@link io.dlsim.simulator.engine.BlockLayout#blockCount}). A single run (a scenario without a
 * sweep, or {@code --only} one run) gets every core and is split into blocks as before. Runs on
 * the sequential engine ({@code --engine sequential}, {@code engine: sequential}: one thread, the
 * reference) run one at a time.
 *
 * <p>Why (issue 11, goal 2: the default engine never slower than the sequential one, on every
 * shipped scenario): the runs of a sweep are independent, so side by side they use the cores
 * without any synchronisation, where one run split into blocks waits every round for its slowest
 * block and, in a fresh JVM, for the actor system's start (~1.2 s of wall time); with another
 * process on the machine, a preempted run holds back no other. Every shipped scenario but
 * {@code quickstart} is a sweep; the figures are in simulator/BENCHMARKS.md, "Goal 2".
 *
 * <p>The rows never depend on the number: {@link ExperimentRunner} gives every run the results
 * of one run at a time (all but the wall-clock column).
 */
public final class AutoJobs {
    private AutoJobs() {
    }

    /**
     * The runs at once for {@code runs} on {@code chosen} (null: each run's own engine), given
     * the preflight's memory estimates and this JVM's {@code processors}.
     */
    public static int of(List<Scenario> runs, Engine chosen, Preflight.Checked checked, int processors) {
        int wanted = wanted(runs, chosen, processors);
        return wanted < 2 ? 1 : checked.jobsThatFit(wanted, MEMORY_MARGIN);
    }

    /**
     * How many times their memory estimates the runs at once must fit the budget together. The
     * estimates are lower bounds (the arrays of the data, the nodes' vectors and the minibatches),
     * and a run holds more: its data set twice while it is prepared (loaded, then grouped by
     * shard), evaluation buffers, the collector's headroom. The 100,000-node ring
     * (scenarios/scale, an estimate of ~5.5 GB) peaked at 11.5-18.5 GB of resident memory
     * (simulator/BENCHMARKS.md, goal 3). So runs go side by side by default only when that is
     * safe; {@code --jobs N} asks for more, checked against the estimates alone.
     */
    static final int MEMORY_MARGIN = 3;

    /** {@link #of(List, Engine, Preflight.Checked, int)} for this JVM's processors. */
    public static int of(List<Scenario> runs, Engine chosen, Preflight.Checked checked) {
        return of(runs, chosen, checked, Runtime.getRuntime().availableProcessors());
    }

    /** The runs at once before the memory budget is asked: 1 unless the rule above spreads {@code runs}. */
    static int wanted(List<Scenario> runs, Engine chosen, int processors) {
        if (runs.size() < 2 || processors < 2) {
            return 1;
        }
        for (Scenario s : runs) {
            EngineType type = chosen != null ? chosen.type() : s.engine();
            if (type != EngineType.ACTORS) {
                return 1;
            }
        }
        return Math.min(runs.size(), processors);
    }

    /**
     * {@link #of} for runs whose preflight has not been run ({@code dlsim resume}): runs it only
     * when the rule would spread them, to ask the memory budget.
     */
    static int checkingMemory(List<Scenario> runs, Engine chosen, String prefix) {
        int wanted = wanted(runs, chosen, Runtime.getRuntime().availableProcessors());
        return wanted < 2 ? 1 : Preflight.check(runs, prefix).jobsThatFit(wanted, MEMORY_MARGIN);
    }
}
