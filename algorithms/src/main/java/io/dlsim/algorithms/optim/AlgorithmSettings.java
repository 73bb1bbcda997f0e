package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.mixing.Stochasticity;
import io.dlsim.topologies.schedule.MixingSchedule;
import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;

/**
 * Which algorithm every node runs, with its settings: one record per algorithm, nested in the
 * algorithm's class ({@code Dsgd.Settings}), holding exactly the keys that algorithm takes and
 * their defaults (its step schedule included), validated in its constructor with field names
 * relative to the record ({@code step-size: must be > 0, got -1}).
 *
 * <p>A new algorithm is one class with its nested {@code Settings} record, added to
 * {@code permits} and to {@link #TYPES} (one line each); the scenario binder, the engines and
 * the reports need nothing else.
 */
public sealed interface AlgorithmSettings
        permits Dsgd.Settings, Dspg.Settings, Dpsvrg.Settings, GossipAveraging.Settings, CentralizedSgd.Settings,
        GradientTracking.Settings, GtSvrg.Settings, PgExtra.Settings, Nids.Settings,
        PushSum.Settings, Sgp.Settings, ChocoSgd.Settings, AsyncGossip.Settings, AdPsgd.Settings {
    /** The {@code type:} names. */
    TypeRegistry<AlgorithmSettings> TYPES = TypeRegistry.of(AlgorithmSettings.class)
            .with("dsgd", Dsgd.Settings.class)
            .with("dspg", Dspg.Settings.class)
            .with("dpsvrg", Dpsvrg.Settings.class)
            .with("gossip", GossipAveraging.Settings.class)
            .with("centralized", CentralizedSgd.Settings.class)
            .with("gradient-tracking", GradientTracking.Settings.class)
            .with("gt-svrg", GtSvrg.Settings.class)
            .with("pg-extra", PgExtra.Settings.class)
            .with("nids", Nids.Settings.class)
            .with("push-sum", PushSum.Settings.class)
            .with("sgp", Sgp.Settings.class)
            .with("choco-sgd", ChocoSgd.Settings.class)
            .with("async-gossip", AsyncGossip.Settings.class)
            .with("ad-psgd", AdPsgd.Settings.class)
            .complete();

    /** The default minibatch size b per node and round. */
    int DEFAULT_BATCH_SIZE = 8;

    /**
     * Minibatch size b per node and round (never null: the records apply the default). An
     * algorithm that draws no minibatch (gossip, full-gradient methods) has no such key; the
     * node contexts, and their random streams, are then built with the default size.
     */
    default Integer batchSize() {
        return DEFAULT_BATCH_SIZE;
    }

    /** r in {@code F = f + r}; {@code none} for an algorithm without a proximal step. */
    default RegularizerSettings regularizer() {
        return RegularizerSettings.none();
    }

    /**
     * What these settings need of every mixing matrix W(t): {@link Stochasticity#ROW} (rows sum
     * to 1, the default: what every "pull" method needs, and every rule gives except
     * {@code column-stochastic}), or {@link Stochasticity#COLUMN} (push-sum methods). The
     * scenario checks the run's W against it; a doubly stochastic W satisfies both.
     */
    default Stochasticity needsWeights() {
        return Stochasticity.ROW;
    }

    /**
     * These settings completed from the run's schedule, once, when the scenario is read: what
     * an algorithm takes from the topology (Chebyshev acceleration's lambda), or a user error
     * ({@link io.dlsim.topologies.settings.InvalidSettingsException}, fields relative to the
     * record) when the schedule does not suit it. The default takes nothing.
     */
    default AlgorithmSettings forSchedule(MixingSchedule schedule) {
        return this;
    }

    /**
     * Whether the algorithm is only correct for a fixed W (CHOCO-SGD keeps {@code sum_j w_ij xhat_j}
     * incrementally); the scenario refuses such an algorithm with a time-varying topology.
     */
    default boolean needsStaticTopology() {
        return false;
    }

    /**
     * Whether a lost message may be skipped ({@code system.network.on-loss: skip}: the receiver
     * re-weights its row over the messages that arrived). True for methods whose message is the
     * node's model; false (the default) for those that send state incrementally (CHOCO-SGD's
     * public copies) or need exact weight sums (gradient tracking, the exact methods, push-sum).
     */
    default boolean toleratesLostMessages() {
        return false;
    }

    /**
     * Whether the method runs under churn ({@code system.churn}): an offline node skips rounds
     * (its state machine is not called) and its neighbours re-weight their rows over the online
     * nodes. By default the methods that tolerate lost messages; a setting that needs W itself
     * (Chebyshev acceleration's lambda) overrides it.
     */
    default boolean toleratesChurn() {
        return toleratesLostMessages();
    }

    /**
     * Whether the method has no synchronous form and runs only with {@code execution:
     * asynchronous} on the event engine (async-gossip, AD-PSGD); the scenario refuses it in
     * synchronous rounds.
     */
    default boolean runsOnlyAsynchronously() {
        return false;
    }

    /** Builds node {@code ctx.node()}'s state machine for a run of {@code rounds} rounds. */
    NodeAlgorithm create(NodeContext ctx, long rounds);

    /** The {@code type:} name of these settings. */
    default String typeName() {
        return TYPES.nameOf(this);
    }

    /**
     * The checks of the settings every algorithm with a gradient step shares: step size eta_0
     * (required, {@code > 0}), its schedule (given) and the minibatch size; used by the records'
     * constructors, which add their own checks before {@link Problems#throwIfAny()}.
     */
    static Problems checkStep(Double stepSize, StepSchedule schedule, Integer batchSize) {
        Problems p = new Problems();
        p.positive("step-size", stepSize);
        p.atLeast("batch-size", batchSize, DEFAULT_BATCH_SIZE, 1);
        if (stepSize != null && stepSize > 0) {
            schedule.validate(stepSize, p);
        }
        return p;
    }

    /**
     * The checks of {@code acceleration} and {@code chebyshev-lambda} (given: in (0, 1), and only
     * with {@code acceleration: chebyshev}), shared by the algorithms with gossip rounds.
     */
    static void checkAcceleration(Problems p, Acceleration acceleration, Double chebyshevLambda) {
        if (chebyshevLambda != null) {
            if (p.check(acceleration == Acceleration.CHEBYSHEV, "chebyshev-lambda", "only with acceleration: chebyshev")) {
                p.inRange("chebyshev-lambda", chebyshevLambda, 0.5, 0, true, 1, true);
            }
        }
    }

    /** lambda for the nodes: the given or resolved one with Chebyshev acceleration, 0 for plain rounds. */
    static double chebyshevLambda(Acceleration acceleration, Double chebyshevLambda) {
        if (acceleration != Acceleration.CHEBYSHEV) {
            return 0;
        }
        if (chebyshevLambda == null) {
            throw new IllegalStateException("chebyshev-lambda is resolved from the schedule (forSchedule) before nodes are created");
        }
        return chebyshevLambda;
    }

    /** The schedule's step sizes for eta_0 = {@code stepSize} over {@code rounds} rounds. */
    static StepSize steps(StepSchedule schedule, double stepSize, long rounds) {
        return schedule.create(stepSize, rounds);
    }
}
