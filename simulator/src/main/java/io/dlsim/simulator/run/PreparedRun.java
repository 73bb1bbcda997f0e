package io.dlsim.simulator.run;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContext;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.Fista;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.TopologyFacts;
import io.dlsim.topologies.UserInputException;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.schedule.MixingSchedule;
import io.dlsim.topologies.spectra.Spectra;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs, built from a scenario: data, partition, model, schedule, F* and an
 * evaluator, and fresh node state machines on demand. A pure function of the scenario (and its
 * seed), so every engine built from it starts from the same nodes.
 */
public final class PreparedRun {
    private final Scenario scenario;
    private final Dataset train;
    private final Dataset test;
    private final Partition partition;
    private final Model model;
    private final MixingSchedule schedule;
    private final TopologyFacts topology;
    private Double optimum;
    private int optimumIterations;

    private PreparedRun(Scenario scenario, boolean evaluates) {
        this.scenario = scenario;
        SyntheticData.Taken taken = SyntheticData.take(scenario.data(), scenario.nodes(), scenario.seed(), scenario.partition());
        var data = taken.loaded();
        Dataset loadedTrain = data.train();
        Dataset loadedTest = data.test();
        if (scenario.dataPrecision() != Dataset.Precision.FLOAT64) {
            try {
                // Before the grouped copy below, so that the double features are held once, briefly.
                loadedTrain = loadedTrain.withPrecision(scenario.dataPrecision());
                loadedTest = loadedTest == null ? null : loadedTest.withPrecision(scenario.dataPrecision());
            } catch (IllegalArgumentException e) {
                // A sparse data set the scenario check could not see coming.
                throw new UserInputException("data.precision: " + e.getMessage() + "; use float64", e);
            }
        }
        this.test = loadedTest;
        try {
            // The check's partition of this very set when it kept one (labels alone decide it,
            // so the precision above changes nothing).
            this.partition = taken.partition() != null ? taken.partition()
                    : scenario.partition().partition(loadedTrain, scenario.nodes(),
                            RandomStreams.of(scenario.seed(), RandomStreams.Purpose.PARTITION, RandomStreams.SHARED));
        } catch (IllegalArgumentException e) {
            // The partitioner refused the data or the node count the scenario gave it.
            throw UserInputException.wrap("partition.", e);
        }
        try {
            this.model = scenario.model().create(loadedTrain);
        } catch (IllegalArgumentException e) {
            // The model refused the data's dimension or classes (e.g. logistic on ten classes).
            throw UserInputException.wrap("model.", e);
        }
        if (evaluates && model.evaluatesGroupedInStorageOrder()) {
            // F* before the grouping: FISTA's passes sum in example order, which is the loaded
            // set's storage order but a gather on the grouped copy (the same bits either way).
            // A 100,000-node run's F* (2 million rows, d = 10, 239 iterations) took ~55 s on the
            // grouped set, ~37 s here in one thread, ~24 s on two cores (simulator/BENCHMARKS.md,
            // "F* at scale").
            solveOptimum(loadedTrain);
        }
        if (model.evaluatesGroupedInStorageOrder()) {
            // Each shard's rows consecutive in storage (the same examples, order and bits): a
            // minibatch gather touches one region and a pass over a shard is a stream. The
            // loaded copy is dropped with `data`, so the features are held once.
            this.train = loadedTrain.grouped(partition.shards());
        } else {
            this.train = loadedTrain;
        }
        this.schedule = ScheduleFactory.build(scenario.schedule());
        MixingMatrix w0 = schedule.at(0);
        this.topology = TopologyFacts.of(w0.supportGraph(), w0, Spectra.of(w0));
    }

    /**
     * What this member loaded for the run, as digests: the training and test sets
     * ({@link Dataset#fingerprint()}) and W(0) (its sparse rows). The scenario text can be the
     * same on every member of a cluster while a relative {@code path:} names different files on
     * each machine; comparing these finds that before a round is run.
     *
     * @param train digest of the training set
     * @param test digest of the test set ("none" without one)
     * @param topology digest of W(0)
     * @param system digest of the system model's files: the nodes' speeds, the links' latencies and the churn trace
     *     ("none" without either)
     */
    public record InputFingerprint(String train, String test, String topology, String system) {
        /** What differs from {@code other} (one phrase per input), or null when nothing does. */
        public String differenceFrom(InputFingerprint other) {
            if (other == null) {
                return "it sent no fingerprint of its inputs";
            }
            List<String> d = new ArrayList<>();
            if (!train.equals(other.train())) {
                d.add("the training set differs (sha256 " + train + " here, " + other.train() + " there)");
            }
            if (!test.equals(other.test())) {
                d.add("the test set differs (sha256 " + test + " here, " + other.test() + " there)");
            }
            if (!topology.equals(other.topology())) {
                d.add("the mixing matrix W(0) differs (sha256 " + topology + " here, " + other.topology() + " there)");
            }
            if (!system.equals(other.system())) {
                d.add("the system model's files (system.compute.speeds, system.network.latency, system.churn) differ (sha256 " + system
                        + " here, " + other.system() + " there)");
            }
            return d.isEmpty() ? null : String.join(", ", d);
        }
    }

    private InputFingerprint inputFingerprint;

    /** Digests of the data and W(0) this member loaded (computed once). */
    public synchronized InputFingerprint inputFingerprint() {
        if (inputFingerprint == null) {
            readSystemFiles();
            inputFingerprint = new InputFingerprint(train.fingerprint(), test == null ? "none" : test.fingerprint(),
                    matrixFingerprint(schedule.at(0)), speeds == null && latencies == null && churnTrace == null ? "none"
                            : systemFingerprint(speeds, latencies, churnTrace));
        }
        return inputFingerprint;
    }

    private static String systemFingerprint(double[] speeds, double[] latencies, double[][] churnTrace) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            List<double[]> arrays = new ArrayList<>(List.of(speeds == null ? new double[0] : speeds,
                    latencies == null ? new double[0] : latencies));
            if (churnTrace != null) {
                arrays.addAll(List.of(churnTrace));
            }
            for (double[] values : arrays) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 8 * values.length);
                b.putLong(values.length).asDoubleBuffer().put(values);
                md.update(b.array());
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String matrixFingerprint(MixingMatrix w) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
            for (int i = 0; i < w.n(); i++) {
                int[] cols = w.rowColumns(i);
                double[] vals = w.rowWeights(i);
                for (int k = 0; k < cols.length; k++) {
                    b.clear();
                    b.putInt(i).putInt(cols[k]).putLong(Double.doubleToLongBits(vals[k]));
                    md.update(b.array(), 0, 16);
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run prepared by the member that evaluates it (embedded, the coordinator, a bench): F* is solved now if asked for. */
    public static PreparedRun of(Scenario scenario) {
        return new PreparedRun(scenario, true);
    }

    /** A run prepared by a cluster worker, which never evaluates: F* is not solved (unless {@link #optimum} is asked). */
    public static PreparedRun ofWorker(Scenario scenario) {
        return new PreparedRun(scenario, false);
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The number of parameters of the run's model (what an engine sizes its work by). */
    public int parameterCount() {
        return model.parameterCount();
    }

    public MixingSchedule schedule() {
        return schedule;
    }

    /** Facts for summary.json, the report and the live gauges: W(0), schedule, sizes, F* (computed here if asked for). */
    public synchronized RunFacts facts() {
        double fStar = optimum();
        return new RunFacts(topology, schedule.describe(), train.size(), test == null ? 0 : test.size(),
                model.parameterCount(), fStar, optimumIterations);
    }

    /**
     * F* by FISTA when the scenario asks for it (computed on first use: only the member that
     * evaluates needs it), else NaN.
     */
    public synchronized double optimum() {
        solveOptimum(train);
        return optimum;
    }

    /** Solves F* on {@code data} (the training set, in any storage: the same bits) unless solved or not asked for. */
    private synchronized void solveOptimum(Dataset data) {
        if (optimum == null) {
            optimum = Double.NaN;
            if (scenario.convex() && scenario.computeOptimum()) {
                SolvedOptimum solved = SolvedOptimum.of(scenario, () -> {
                    Fista.Solution s = Fista.minimize(model, data, regularizer(), new double[model.parameterCount()], 1e-10, 100_000);
                    return new SolvedOptimum(s.value(), s.iterations());
                });
                optimum = solved.value();
                optimumIterations = solved.iterations();
            }
        }
    }

    /**
     * F* and FISTA's iterations, kept per JVM for the runs of a sweep that share their synthetic
     * training set, model and regularizer (a sweep over algorithms, topologies or step sizes):
     * F* is a pure function of those, so a later run takes the first one's, bit for bit, instead
     * of solving again (FISTA on a 100,000-node set: ~24 s a run on two cores). Sets read from
     * files are not kept, as for {@link SyntheticData}: a file can change between two runs of
     * one JVM.
     */
    record SolvedOptimum(double value, int iterations) {
        private record Key(io.dlsim.algorithms.data.DataSource data, int nodes, long seed, Dataset.Precision precision,
                io.dlsim.algorithms.model.ModelSettings model, io.dlsim.algorithms.prox.RegularizerSettings regularizer) {
        }

        /** Bounded: the values are tiny, but a JVM may run a sweep of thousands. */
        private static final int KEPT = 256;
        private static final java.util.Map<Key, SolvedOptimum> SOLVED = new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<Key, SolvedOptimum> eldest) {
                return size() > KEPT;
            }
        };

        /** The kept F* of {@code scenario}'s problem, or {@code solve}'s (then kept when its data is synthetic). */
        static SolvedOptimum of(Scenario scenario, java.util.function.Supplier<SolvedOptimum> solve) {
            if (!SyntheticData.isSynthetic(scenario.data())) {
                return solve.get();
            }
            Key key = new Key(scenario.data(), scenario.nodes(), scenario.seed(), scenario.dataPrecision(), scenario.model(),
                    scenario.algorithm().regularizer());
            synchronized (SOLVED) {
                SolvedOptimum kept = SOLVED.get(key);
                if (kept != null) {
                    return kept;
                }
            }
            // Solved outside the lock: two runs of one problem side by side may both solve it (the same bits).
            SolvedOptimum solved = solve.get();
            synchronized (SOLVED) {
                SOLVED.put(key, solved);
            }
            return solved;
        }

        /** Forgets every kept F* (tests). */
        static void forgetAll() {
            synchronized (SOLVED) {
                SOLVED.clear();
            }
        }
    }

    private io.dlsim.algorithms.system.SystemModel system;

    /**
     * The run's system model (built on first use: it draws the stragglers, O(n)), or null when
     * the scenario has no {@code system:} section and the run counts rounds only.
     */
    public synchronized io.dlsim.algorithms.system.SystemModel systemModel() {
        if (system == null && scenario.system() != null) {
            readSystemFiles();
            system = io.dlsim.algorithms.system.SystemModel.of(scenario.system(), scenario.seed(), scenario.nodes(),
                    model.flopsPerExample(), speeds, latencies);
            if (scenario.system().churn() != null) {
                // The static topology's rule, re-applied to the online nodes (the scenario checked it can be).
                var mixing = io.dlsim.topologies.mixing.OnlineMixing.of(
                        io.dlsim.topologies.TopologyFactory.build(scenario.schedule().topology()));
                system = system.withChurn(io.dlsim.algorithms.system.ChurnModel.of(scenario.system().churn(), scenario.seed(),
                        scenario.nodes(), churnTrace), mixing);
            }
        }
        return system;
    }

    /** The values of the system model's files (null without one), read once by {@link #readSystemFiles}. */
    private double[] speeds;
    private double[] latencies;
    private double[][] churnTrace;
    private boolean systemFilesRead;

    /** Reads the speeds and latency files the scenario names, once: the model and the fingerprint share them. */
    private synchronized void readSystemFiles() {
        if (systemFilesRead || scenario.system() == null) {
            return;
        }
        var system = scenario.system();
        try {
            if (system.compute().speeds() != null) {
                speeds = io.dlsim.algorithms.system.NodeSpeeds.read(java.nio.file.Path.of(system.compute().speeds().path()),
                        scenario.nodes());
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            // The file changed since the scenario was validated.
            throw new UserInputException("system.compute.speeds.path: " + e.getMessage(), e);
        }
        try {
            if (system.network().latency() instanceof io.dlsim.algorithms.system.SystemSettings.Latency.File file) {
                latencies = io.dlsim.algorithms.system.LatencyMatrix.read(java.nio.file.Path.of(file.path()), scenario.nodes());
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UserInputException("system.network.latency.path: " + e.getMessage(), e);
        }
        try {
            if (system.churn() instanceof io.dlsim.algorithms.system.SystemSettings.Churn.Trace trace) {
                churnTrace = io.dlsim.algorithms.system.ChurnTrace.read(java.nio.file.Path.of(trace.path()), scenario.nodes());
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new UserInputException("system.churn.path: " + e.getMessage(), e);
        }
        systemFilesRead = true;
    }

    public Regularizer regularizer() {
        return scenario.algorithm().regularizer().create(model.biasIndices());
    }

    /** Fresh node contexts, in id order. */
    public List<NodeContext> contexts() {
        return NodeContexts.all(train, partition, model, scenario.init(), scenario.seed(), scenario.algorithm().batchSize());
    }

    /**
     * A state machine for one node (what a cluster member builds for the ids it hosts): fresh,
     * or restored to the checkpoint this run resumes from ({@link #resumeFrom}).
     */
    public NodeAlgorithm node(int id) {
        NodeAlgorithm node = scenario.algorithm().create(NodeContexts.of(id, train, partition, model, scenario.init(),
                scenario.seed(), scenario.algorithm().batchSize()), scenario.rounds());
        restore(node);
        return node;
    }

    /**
     * The discrete-event engine of this asynchronous run: fresh (its nodes at step 0, at time 0),
     * or restored to the checkpoint this run resumes from ({@link #resumeFrom}).
     */
    public io.dlsim.algorithms.engine.EventEngine eventEngine() {
        var engine = new io.dlsim.algorithms.engine.EventEngine(schedule, nodes(), systemModel(),
                scenario.execution().protocol(scenario.algorithm()), scenario.seed());
        io.dlsim.metrics.AsynchronousCheckpoint.Position at = asynchronousResume();
        if (at != null) {
            restoreEngine(engine, asynchronousEngineStates(), at);
        }
        return engine;
    }

    /** Restores an engine (or a part of one) from its nodes' checkpointed engine states, as a user error when they do not fit. */
    public static void restoreEngine(io.dlsim.algorithms.engine.EventEngine engine, List<byte[]> states,
            io.dlsim.metrics.AsynchronousCheckpoint.Position at) {
        try {
            engine.restore(states, at.time());
        } catch (IllegalArgumentException e) {
            throw new UserInputException("checkpoint: " + e.getMessage(), e);
        }
    }

    /** Where an asynchronous run resumes (null when it starts afresh). */
    public io.dlsim.metrics.AsynchronousCheckpoint.Position asynchronousResume() {
        List<io.dlsim.metrics.AsynchronousCheckpoint> parsed = resumeAsynchronous;
        return parsed == null ? null : parsed.get(0).position();
    }

    /** What the discrete-event engine held for each node at the checkpoint this asynchronous run resumes from, in id order. */
    public List<byte[]> asynchronousEngineStates() {
        List<io.dlsim.metrics.AsynchronousCheckpoint> parsed = resumeAsynchronous;
        return parsed == null ? List.of() : parsed.stream().map(io.dlsim.metrics.AsynchronousCheckpoint::engine).toList();
    }

    /** A checkpoint every this many rows of an asynchronous run (checkpoint-every / eval-every; 0: none). */
    public long asynchronousCheckpointRows() {
        long every = scenario.plan().checkpointEvery();
        return every == 0 ? 0 : Math.max(1, every / scenario.evalEvery());
    }

    private static io.dlsim.metrics.AsynchronousCheckpoint readAsynchronous(byte[] bytes) {
        try {
            return io.dlsim.metrics.AsynchronousCheckpoint.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("checkpoint: " + e.getMessage(), e);
        }
    }

    /** The node state machines, in id order: fresh, or restored to the checkpoint this run resumes from. */
    public List<NodeAlgorithm> nodes() {
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (NodeContext c : contexts()) {
            NodeAlgorithm node = scenario.algorithm().create(c, scenario.rounds());
            restore(node);
            nodes.add(node);
        }
        return nodes;
    }

    private volatile List<byte[]> resumeStates;
    private volatile long resumeRound;

    /**
     * Makes {@link #nodes()} and {@link #node(int)} restore every node to the checkpoint taken
     * after {@code round} rounds ({@code states} in node id order); the engine then runs the plan
     * resumed at that round.
     *
     * @throws UserInputException when the checkpoint does not fit this run (another node count)
     */
    public void resumeFrom(long round, List<byte[]> states) {
        if (states.size() != scenario.nodes()) {
            throw new UserInputException("the checkpoint holds " + states.size() + " nodes, the run has " + scenario.nodes());
        }
        List<io.dlsim.metrics.AsynchronousCheckpoint> parsed = null;
        if (scenario.execution().asynchronous()) {
            // Read once: each node's own state, what the engine held for it, and where the run stood.
            parsed = new ArrayList<>(states.size());
            for (byte[] b : states) {
                var c = readAsynchronous(b);
                if (!parsed.isEmpty() && !c.position().equals(parsed.get(0).position())) {
                    throw new UserInputException("checkpoint: its nodes were saved at different times (" + c.position() + " against "
                            + parsed.get(0).position() + ")");
                }
                parsed.add(c);
            }
        }
        this.resumeRound = round;
        this.resumeAsynchronous = parsed;
        this.resumeStates = List.copyOf(states);
    }

    /** An asynchronous run's checkpoint, read ({@link #resumeFrom}); null otherwise. */
    private volatile List<io.dlsim.metrics.AsynchronousCheckpoint> resumeAsynchronous;

    /** The node states the run resumes from, in id order (empty when it starts afresh). */
    public List<byte[]> resumeStates() {
        List<byte[]> states = resumeStates;
        return states == null ? List.of() : states;
    }

    /** The round the run resumes from (0 when it starts afresh). */
    public long resumeRound() {
        return resumeStates == null ? 0 : resumeRound;
    }

    private void restore(NodeAlgorithm node) {
        List<byte[]> states = resumeStates;
        if (states != null) {
            try {
                List<io.dlsim.metrics.AsynchronousCheckpoint> parsed = resumeAsynchronous;
                byte[] state = parsed != null ? parsed.get(node.node()).nodeState() : states.get(node.node());
                io.dlsim.algorithms.engine.NodeState.restore(node, state);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("checkpoint: " + e.getMessage(), e);
            }
        }
    }

    /** A new evaluator (one per engine run: it owns a model copy). */
    public Evaluator evaluator() {
        List<Dataset> shards = new ArrayList<>();
        for (int i = 0; i < scenario.nodes(); i++) {
            // Views: the shards share the training set's storage, so an evaluator copies no feature.
            shards.add(train.view("shard", partition.shard(i)));
        }
        boolean regularized = !scenario.algorithm().regularizer().isNone();
        Evaluator evaluator = new Evaluator(model, train, test, shards, regularized ? regularizer() : null, optimum());
        if (resumeStates != null) {
            evaluator.resumeWithInitialTrainLoss(resumeInitialTrainLoss);
        }
        if (scenario.system() != null) {
            evaluator.reportSimulatedTime();
        }
        return evaluator;
    }

    private volatile double resumeInitialTrainLoss = Double.NaN;

    /** For a resumed run: the train loss its round-0 row recorded (the divergence rule's reference). */
    public void resumeInitialTrainLoss(double trainLoss) {
        this.resumeInitialTrainLoss = trainLoss;
    }
}
