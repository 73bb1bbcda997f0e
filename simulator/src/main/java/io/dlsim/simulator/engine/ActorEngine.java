package io.dlsim.simulator.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.dlsim.algorithms.engine.RoundRows;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.RunObserver;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * {@link EngineType#ACTORS}: runs a decentralized training run on actors in this JVM (the
 * embedded default): the nodes in {@link NodeBlock}s of contiguous ids ({@link BlockLayout#blockCount}:
 * one per ~200 µs of work per round, at most four per core) and a {@link Coordinator}, in
 * the JVM's one embedded actor system (on the {@link BlockDispatcher}, one thread per core), under an actor per run
 * that is stopped at the end. Produces the same rows as
 * {@link io.dlsim.metrics.SequentialRunner} for the same nodes, bit for bit, except the
 * wall-clock column. A node's exception ends the run as a {@link RunFailedException}.
 *
 * <p>Runs that run at once ({@code dlsim run --jobs}) share the actor system; each sizes its
 * blocks by its share of the processors ({@link #withCores}).
 */
public final class ActorEngine implements Engine {
    /** The processors a run sizes its blocks by; 0: all of this JVM's. */
    private final int cores;

    ActorEngine(int cores) {
        this.cores = cores;
    }

    @Override
    public Engine withCores(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        return new ActorEngine(cores);
    }

    @Override
    public EngineType type() {
        return EngineType.ACTORS;
    }

    @Override
    public List<MetricsRow> runNodes(PreparedRun prepared, EvaluationRounds plan, RunObserver observer) throws InterruptedException {
        int blocks = cores == 0 ? BlockLayout.blockCountHere(prepared.scenario().nodes(), prepared.parameterCount())
                : BlockLayout.blockCountHere(prepared.scenario().nodes(), prepared.parameterCount(), cores);
        if (blocks == 1 && System.getenv(BlockLayout.BLOCKS_ENV) == null) {
            // A run too small to split gains nothing from actors (one block is the sequential loop
            // plus a message per round and ~1 s to start the actor system): the default engine picks
            // the sequential one, which gives the same rows by construction.
            return EngineType.SEQUENTIAL.create().runNodes(prepared, plan, observer);
        }
        List<NodeAlgorithm> nodes = prepared.nodes();
        return run(prepared.schedule(), nodes, prepared.evaluator(), plan, observer,
                BlockLayout.split(nodes.size(), Math.min(blocks, nodes.size())), prepared.systemModel());
    }

    /**
     * Runs the given nodes to the end and returns every row (each also handed to
     * {@code observer} as it comes): the engine on nodes built by the caller, e.g. a test that
     * injects a failing node. Runs of a scenario go through {@link Engine#run}.
     *
     * @throws RunFailedException when a node or the evaluation fails (rows so far attached)
     */
    public static List<MetricsRow> run(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, Evaluator evaluator,
            EvaluationRounds plan, RunObserver observer) throws InterruptedException {
        int parameters = nodes.isEmpty() ? 1 : nodes.get(0).parameters().length;
        int blocks = BlockLayout.blockCountHere(nodes.size(), parameters);
        return run(schedule, nodes, evaluator, plan, observer, BlockLayout.split(Math.max(1, nodes.size()), blocks));
    }

    /** As {@link #run(MixingSchedule, List, Evaluator, EvaluationRounds, RunObserver)} with the nodes in the given blocks. */
    public static List<MetricsRow> run(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, Evaluator evaluator,
            EvaluationRounds plan, RunObserver observer, BlockLayout layout) throws InterruptedException {
        return run(schedule, nodes, evaluator, plan, observer, layout, null);
    }

    /** As {@link #run(MixingSchedule, List, Evaluator, EvaluationRounds, RunObserver, BlockLayout)}, on simulated time when {@code system} is not null. */
    public static List<MetricsRow> run(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes, Evaluator evaluator,
            EvaluationRounds plan, RunObserver observer, BlockLayout layout, io.dlsim.algorithms.system.SystemModel system)
            throws InterruptedException {
        if (schedule.n() != nodes.size() || layout.n() != nodes.size()) {
            throw new IllegalArgumentException("schedule has " + schedule.n() + " nodes, " + nodes.size() + " algorithms given");
        }
        CompletableFuture<List<MetricsRow>> result = new CompletableFuture<>();
        RoundRows rows = new RoundRows(schedule);
        // One actor per run, parent of the run's coordinator and blocks: stopping it stops them all.
        // x̄'s pass over the training set runs in the blocks, beside their local losses, when the
        // evaluator can sum their terms (Coordinator, NodeBlock.EvaluateMean).
        boolean spread = evaluator.spreadsTrainPass(nodes.size());
        RunActors run = RunActors.start(ctx -> {
            @SuppressWarnings("unchecked")
            ActorRef<NodeBlock.Command>[] blocks = new ActorRef[layout.blocks()];
            BlockDirectory peers = (block, message) -> blocks[block].tell(message);
            ActorRef<Coordinator.Command> coordinator = ctx.spawn(Coordinator.create(nodes.size(), evaluator, plan, observer,
                    result, spread ? peers : null, spread ? layout : null), "coordinator", BlockDispatcher.coordinatorProps());
            for (int b = 0; b < blocks.length; b++) {
                blocks[b] = ctx.spawn(NodeBlock.create(nodes.subList(layout.start(b), layout.end(b)), b, layout, rows, plan,
                                evaluator.localLoss(nodes.size(), spread), system),
                        "block-" + b);
            }
            for (ActorRef<NodeBlock.Command> b : blocks) {
                b.tell(new NodeBlock.Start(peers, coordinator));
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            run.stop();
        }
    }

    /**
     * The actors of one run: a guardian per run, parent of the run's actors, so that stopping it
     * stops them all ({@link #stop}: they finish the message they are in, at most one round of a
     * block or one window, and stop).
     */
    private record RunActors(ActorRef<StopRun> guardian, CompletableFuture<Void> stopped) {
        static RunActors start(java.util.function.Consumer<org.apache.pekko.actor.typed.javadsl.ActorContext<StopRun>> spawn) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            Behavior<StopRun> guardian = Behaviors.<StopRun>setup(ctx -> {
                spawn.accept(ctx);
                return Behaviors.receive(StopRun.class)
                        .onMessage(StopRun.class, stop -> Behaviors.stopped())
                        .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
                            stopped.complete(null);
                            return Behaviors.same();
                        })
                        .build();
            });
            return new RunActors(system().systemActorOf(guardian, "run-" + RUNS.incrementAndGet(),
                    org.apache.pekko.actor.typed.Props.empty()), stopped);
        }

        void stop() {
            guardian.tell(StopRun.INSTANCE);
            stopped.join();
        }
    }

    /**
     * An asynchronous run ({@code execution: asynchronous}) of a scenario on this engine: its
     * discrete-event engine cut into blocks ({@link EventBlocks}) when it has a positive lookahead
     * and more than one block's work, else the one-thread engine (the rows are the same).
     */
    @Override
    public List<MetricsRow> runAsynchronous(PreparedRun prepared, RunObserver observer) throws InterruptedException {
        var s = prepared.scenario();
        return runAsynchronous(prepared, s.rounds(), s.evalEvery(),
                s.execution().evalEverySeconds() == null ? 0 : s.execution().evalEverySeconds(), prepared.asynchronousCheckpointRows(),
                observer);
    }

    /**
     * {@link #runAsynchronous(PreparedRun, RunObserver)} for {@code rounds x n} steps evaluated as
     * given instead of as the scenario says ({@code dlsim bench} times a run this way).
     */
    public List<MetricsRow> runAsynchronous(PreparedRun prepared, long rounds, long evalEvery, double evalEverySeconds,
            long checkpointEveryRows, RunObserver observer) {
        var s = prepared.scenario();
        int n = s.nodes();
        int blocks = cores == 0 ? BlockLayout.blockCountHere(n, prepared.parameterCount())
                : BlockLayout.blockCountHere(n, prepared.parameterCount(), cores);
        io.dlsim.algorithms.system.SystemModel system = prepared.systemModel();
        if (blocks == 1 || !(system.lookahead() > 0)) {
            return io.dlsim.metrics.AsynchronousRunner.run(io.dlsim.metrics.EventSimulation.of(prepared.eventEngine()),
                    prepared.evaluator(), rounds, evalEvery, evalEverySeconds, checkpointEveryRows, prepared.asynchronousResume(),
                    observer);
        }
        return runAsynchronous(prepared.schedule(), prepared.nodes(), system, s.execution().protocol(s.algorithm()), s.seed(),
                prepared.evaluator(), rounds, evalEvery, evalEverySeconds, observer, BlockLayout.split(n, Math.min(blocks, n)),
                checkpointEveryRows, prepared.asynchronousResume(),
                prepared.asynchronousResume() == null ? null : prepared.asynchronousEngineStates());
    }

    /**
     * Runs the given nodes asynchronously in the blocks of {@code layout} ({@link EventBlocks}),
     * evaluated by {@link io.dlsim.metrics.AsynchronousRunner}: the same rows as the one-thread
     * {@link io.dlsim.algorithms.engine.EventEngine} on the same nodes, bit for bit, except the
     * wall-clock column. Needs a system model with a positive lookahead.
     */
    public static List<MetricsRow> runAsynchronous(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes,
            io.dlsim.algorithms.system.SystemModel system, io.dlsim.algorithms.engine.EventEngine.Protocol protocol, long seed,
            Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds, RunObserver observer, BlockLayout layout) {
        return runAsynchronous(schedule, nodes, system, protocol, seed, evaluator, rounds, evalEvery, evalEverySeconds, observer, layout,
                0, null, null);
    }

    /**
     * As {@link #runAsynchronous(MixingSchedule, List, io.dlsim.algorithms.system.SystemModel,
     * io.dlsim.algorithms.engine.EventEngine.Protocol, long, Evaluator, long, long, double, RunObserver, BlockLayout)},
     * with a checkpoint every {@code checkpointEveryRows} rows (0: none), and resumed from one
     * ({@code resumeAt} not null: the nodes restored already, {@code engineStates} what the engine
     * held for each, in id order).
     */
    public static List<MetricsRow> runAsynchronous(MixingSchedule schedule, List<? extends NodeAlgorithm> nodes,
            io.dlsim.algorithms.system.SystemModel system, io.dlsim.algorithms.engine.EventEngine.Protocol protocol, long seed,
            Evaluator evaluator, long rounds, long evalEvery, double evalEverySeconds, RunObserver observer, BlockLayout layout,
            long checkpointEveryRows, io.dlsim.metrics.AsynchronousCheckpoint.Position resumeAt, List<byte[]> engineStates) {
        if (schedule.n() != nodes.size() || layout.n() != nodes.size()) {
            throw new IllegalArgumentException("schedule has " + schedule.n() + " nodes, " + nodes.size() + " algorithms given");
        }
        io.dlsim.algorithms.engine.MixingRows rows = io.dlsim.algorithms.engine.MixingRows.of(schedule.at(0), null);
        List<io.dlsim.algorithms.engine.EventEngine> parts = EventBlocks.parts(rows, nodes, layout, system, protocol, seed);
        double next = Double.POSITIVE_INFINITY;
        if (resumeAt != null) {
            for (int b = 0; b < parts.size(); b++) {
                PreparedRun.restoreEngine(parts.get(b), engineStates.subList(layout.start(b), layout.end(b)), resumeAt);
                next = Math.min(next, parts.get(b).nextEventTime());
            }
        }
        CompletableFuture<List<EventBlocks.Group>> spawned = new CompletableFuture<>();
        RunActors run = RunActors.start(ctx -> {
            List<EventBlocks.Group> blocks = new java.util.ArrayList<>();
            for (int b = 0; b < parts.size(); b++) {
                blocks.add(EventBlocks.local(ctx.spawn(EventBlocks.block(parts.get(b), evaluator.localLoss(nodes.size())), "events-" + b),
                        layout.start(b), layout.end(b)));
            }
            spawned.complete(blocks);
        });
        try {
            EventBlocks simulation = new EventBlocks(spawned.join(), system.lookahead());
            if (resumeAt != null) {
                simulation.resumedAt(resumeAt, next);
            }
            return io.dlsim.metrics.AsynchronousRunner.run(simulation, evaluator, rounds, evalEvery, evalEverySeconds,
                    checkpointEveryRows, resumeAt, observer);
        } finally {
            run.stop();
        }
    }

    /** Ends a run: its guardian stops, and with it the run's coordinator and blocks. */
    private enum StopRun {
        INSTANCE
    }

    private static final java.util.concurrent.atomic.AtomicLong RUNS = new java.util.concurrent.atomic.AtomicLong();
    private static ActorSystem<Void> shared;

    /**
     * The JVM's one embedded actor system, created at the first run and kept for the next ones
     * (starting a system took ~0.4 s, which made a sweep of short runs slower than the
     * sequential engine); its threads are daemons, so it never keeps the JVM alive.
     */
    private static synchronized ActorSystem<Void> system() {
        if (shared == null) {
            shared = ActorSystem.create(Behaviors.empty(), "dlsim", embeddedConfig());
        }
        return shared;
    }

    private static int cores() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The embedded actor system's configuration (package-private for its test). */
    static Config embeddedConfig() {
        return ConfigFactory.parseMap(BlockDispatcher.embeddedSettings(cores()), "dlsim block dispatcher")
                .withFallback(ConfigFactory.parseString("""
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.daemonic = on
                # The engine terminates its system itself; at a JVM stop the experiment's own hook ends the run.
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """)).withFallback(ConfigFactory.load());
    }
}
