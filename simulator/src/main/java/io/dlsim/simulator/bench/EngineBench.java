package io.dlsim.simulator.bench;

import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.simulator.engine.BlockLayout;
import io.dlsim.simulator.engine.Engine;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.simulator.run.PreparedRun;
import io.dlsim.simulator.scenario.Scenario;
import io.dlsim.simulator.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Times the sequential and the actor engine on the same prepared run: both engines first warm up
 * until the JIT has settled ({@link #warmUp}), then run the measured rounds with evaluation only
 * at the start and the end (the evaluation is timed separately and subtracted), the two engines
 * alternated {@code repeats} times. Reports the median node-steps per second of each engine and
 * the range of the ratios of the pairs: on a shared or noisy machine one timing can be off by
 * 1.5x, and alternating puts both engines in the same minutes.
 */
public final class EngineBench {
    /** A named workload: a scenario text (rounds are set by the bench). */
    public record Workload(String name, String scenarioYaml) {
    }

    /**
     * One workload's measurement: each engine's median node-steps per second over the
     * repetitions, and the lowest and highest actor / sequential ratio of one alternated pair.
     */
    public record Result(String workload, int nodes, long rounds, WarmUp warmUp, double sequentialNodeStepsPerSecond,
            double actorNodeStepsPerSecond, double bytesPerNode, int blocks, double lowestRatio, double highestRatio) {
        /** Median actor / median sequential. */
        public double ratio() {
            return actorNodeStepsPerSecond / sequentialNodeStepsPerSecond;
        }

        public String format() {
            return String.format(Locale.ROOT, "%-34s %6d %7d %8s %14.0f %14.0f %7.2f %11s %8d %9.1f", workload, nodes, rounds,
                    warmUp.format(), sequentialNodeStepsPerSecond, actorNodeStepsPerSecond, ratio(), range(lowestRatio, highestRatio), blocks,
                    bytesPerNode / 1024);
        }
    }

    public static final String HEADER = String.format(Locale.ROOT, "%-34s %6s %7s %8s %14s %14s %7s %11s %8s %9s", "workload",
            "nodes", "rounds", "warm-up", "seq steps/s", "actor steps/s", "ratio", "pairs", "blocks", "KB/node");

    /** Each engine's node-steps per second in every alternated pair, and their medians. */
    record Timings(double[] sequential, double[] actors) {
        double sequentialMedian() {
            return median(sequential);
        }

        double actorMedian() {
            return median(actors);
        }

        double lowestRatio() {
            double r = Double.POSITIVE_INFINITY;
            for (int k = 0; k < actors.length; k++) {
                r = Math.min(r, actors[k] / sequential[k]);
            }
            return r;
        }

        double highestRatio() {
            double r = 0;
            for (int k = 0; k < actors.length; k++) {
                r = Math.max(r, actors[k] / sequential[k]);
            }
            return r;
        }

        static double median(double[] values) {
            double[] v = values.clone();
            java.util.Arrays.sort(v);
            int m = v.length / 2;
            return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
        }
    }

    private static String range(double low, double high) {
        return String.format(Locale.ROOT, "%.2f-%.2f", low, high);
    }

    /** The fixed workloads of {@code dlsim bench}. */
    public static List<Workload> standard() {
        String logistic = """
                name: %s
                nodes: 1024
                rounds: 1
                data: { type: synthetic-logistic, samples-per-node: 64, test-samples: 100, dimension: 100, support: 10 }
                model: { type: logistic }
                algorithm: { type: dsgd, step-size: 0.1, batch-size: 32 }
                topology: { type: %s }
                """;
        String mlp = """
                name: mlp-784-128-10-64-nodes
                nodes: 64
                rounds: 1
                data: { type: synthetic-teacher, samples-per-node: 64, test-samples: 100, input-dim: 784, teacher-hidden: 32, classes: 10 }
                model: { type: mlp, hidden: [128] }
                algorithm: { type: dsgd, step-size: 0.05, batch-size: 32 }
                topology: { type: exponential }
                """;
        return List.of(new Workload("logistic-d100-ring-1024", logistic.formatted("logistic-d100-ring-1024", "ring")),
                new Workload("logistic-d100-exponential-1024", logistic.formatted("logistic-d100-exponential-1024", "exponential")),
                new Workload("mlp-784-128-10-exponential-64", mlp));
    }

    private EngineBench() {
    }

    /**
     * Measures one workload over {@code rounds} rounds per engine and repetition (after
     * warm-up passes of {@code warmup} rounds per engine until the JIT settled, {@link #warmUp}),
     * the engines alternated {@code repeats} times.
     */
    public static Result measure(Workload w, long rounds, long warmup, int repeats) throws InterruptedException {
        Scenario s = ScenarioParser.parse(w.scenarioYaml(), Path.of(".")).get(0);
        ScenarioResult r = measure(s, rounds, warmup, repeats);
        return new Result(w.name(), s.nodes(), rounds, r.warmUp(), r.sequentialNodeStepsPerSecond(), r.actorNodeStepsPerSecond(),
                r.bytesPerNode(), r.blocks(), r.lowestRatio(), r.highestRatio());
    }

    /** Seconds for {@code rounds} rounds, less the two evaluations (measured on an empty run). */
    private static double time(Engine engine, PreparedRun run, long rounds) throws InterruptedException {
        long start = System.nanoTime();
        runRounds(engine, run, rounds);
        double total = (System.nanoTime() - start) / 1e9;
        // Node construction and the evaluations at 0 and at the end are not engine work.
        long overheadStart = System.nanoTime();
        var evaluator = run.evaluator();
        var snaps = snapshots(run);
        evaluator.evaluate(snaps, 0);
        evaluator.evaluate(snaps, 0);
        double overhead = (System.nanoTime() - overheadStart) / 1e9;
        return Math.max(1e-9, total - overhead);
    }

    /** Round-0 snapshots of the run's nodes (made anew), as an evaluation takes them. */
    private static List<io.dlsim.metrics.NodeSnapshot> snapshots(PreparedRun run) {
        var snaps = new java.util.ArrayList<io.dlsim.metrics.NodeSnapshot>();
        for (var n : run.nodes()) {
            snaps.add(io.dlsim.metrics.NodeSnapshot.of(n, 0));
        }
        return snaps;
    }

    /** {@code rounds} rounds of the run on the engine, evaluated at the start and the end only. */
    private static void runRounds(Engine engine, PreparedRun run, long rounds) throws InterruptedException {
        if (run.scenario().execution().asynchronous()) {
            // rounds x n local steps on the discrete-event engine (one thread, or the actor engine's
            // blocks), evaluated at the start and the end only, as the synchronous runs below.
            if (engine instanceof io.dlsim.simulator.engine.ActorEngine actors) {
                actors.runAsynchronous(run, rounds, rounds, 0, 0, null);
            } else {
                io.dlsim.metrics.AsynchronousRunner.run(run.eventEngine(), run.evaluator(), rounds, rounds, 0, null);
            }
        } else {
            engine.run(run, new EvaluationRounds(rounds, rounds), null);
        }
    }

    /**
     * What {@code dlsim bench --scenario} reports of one run of a user's scenario: setup (data,
     * partition, topology and its spectra, the nodes), the heap it keeps per node (the data
     * included), one evaluation, and node-steps per second of each engine (evaluation excluded).
     */
    public record ScenarioResult(String run, int nodes, int parameters, long rounds, int repeats, WarmUp warmUp, double setupSeconds,
            double bytesPerNode, double evaluationSeconds, double sequentialNodeStepsPerSecond, double actorNodeStepsPerSecond,
            int blocks, double lowestRatio, double highestRatio) {
        public String format() {
            return String.format(Locale.ROOT, "run %s: %d nodes, %d parameters, %d measured rounds, %d alternated pairs%n"
                    + "  setup          %10.2f s (data, partition, topology, nodes)%n"
                    + "  memory         %10.1f KB per node (heap kept by the run, data included)%n"
                    + "  evaluation     %10.3f s per evaluated round (after the warm-up)%n"
                    + "  warm-up        %10s rounds per engine (%s)%n"
                    + "  sequential     %10.0f node-steps/s (median)%n"
                    + "  actors         %10.0f node-steps/s (median; %.2f x sequential, pairs %s, %d block%s)", run, nodes,
                    parameters, rounds, repeats, setupSeconds, bytesPerNode / 1024, evaluationSeconds, warmUp.format(),
                    warmUp.settled() ? "until the JIT settled" : "the JIT not seen to settle: the timings may include compilation",
                    sequentialNodeStepsPerSecond,
                    actorNodeStepsPerSecond, actorNodeStepsPerSecond / sequentialNodeStepsPerSecond, range(lowestRatio, highestRatio),
                    blocks, blocks == 1 ? "" : "s");
        }
    }

    /**
     * Measures one run of a scenario over {@code rounds} rounds per engine and repetition (after
     * warm-up passes of {@code warmup} rounds per engine until the JIT settled, {@link #warmUp}),
     * the engines alternated {@code repeats} times.
     */
    public static ScenarioResult measure(Scenario s, long rounds, long warmup, int repeats) throws InterruptedException {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
        }
        long before = usedHeapAfterGc();
        long start = System.nanoTime();
        PreparedRun run = PreparedRun.of(s);
        var nodes = run.nodes();
        double setup = (System.nanoTime() - start) / 1e9;
        double perNode = Math.max(0, usedHeapAfterGc() - before) / (double) s.nodes();
        int parameters = nodes.get(0).parameters().length;
        nodes = null;
        Engine sequential = EngineType.SEQUENTIAL.create();
        Engine actors = EngineType.ACTORS.create();
        WarmUp warmedUp = warmUp(sequential, actors, run, warmup);
        // After the warm-up, which evaluated at the start and the end of every pass: the JIT's
        // code, not the interpreter's, as in a run's later rows.
        var evaluator = run.evaluator();
        var snaps = snapshots(run);
        double[] evaluations = new double[3];
        for (int k = 0; k < evaluations.length; k++) {
            long evalStart = System.nanoTime();
            evaluator.evaluate(snaps, 0);
            evaluations[k] = (System.nanoTime() - evalStart) / 1e9;
        }
        double evaluation = Timings.median(evaluations);
        snaps = null;
        Timings t = new Timings(new double[repeats], new double[repeats]);
        for (int k = 0; k < repeats; k++) {
            t.sequential()[k] = s.nodes() * rounds / time(sequential, run, rounds);
            t.actors()[k] = s.nodes() * rounds / time(actors, run, rounds);
        }
        int blocks = BlockLayout.blockCountHere(s.nodes(), parameters);
        return new ScenarioResult(s.runName(), s.nodes(), parameters, rounds, repeats, warmedUp, setup, perNode, evaluation,
                t.sequentialMedian(), t.actorMedian(), blocks, t.lowestRatio(), t.highestRatio());
    }

    /**
     * A warm-up pass that spends less than this share of its wall time compiling leaves the JIT
     * settled: the measured rounds then time the engines, not the compiler.
     */
    static final double SETTLED_COMPILATION_SHARE = 0.05;

    /** Warm-up passes at most, settled or not (a JIT that never settles must not hang the bench). */
    static final int MAX_WARM_UP_PASSES = 30;

    /**
     * No new warm-up pass after this much warm-up: a large scenario's pass can take a minute,
     * and by then the JIT has had its time.
     */
    static final double MAX_WARM_UP_SECONDS = 120;

    /**
     * Warm-up passes of {@code rounds} rounds per engine, the sequential one then the actor one,
     * until a pass compiles for less than {@link #SETTLED_COMPILATION_SHARE} of its wall time
     * ({@link #settled}), at most {@link #MAX_WARM_UP_PASSES} and none begun after
     * {@link #MAX_WARM_UP_SECONDS}; one pass where the JVM does not measure its compilation time
     * (then reported as not settled: nobody knows).
     *
     * <p>Why not a fixed number of rounds: the actor engine's code (the blocks, Pekko's mailboxes,
     * the evaluation's terms) takes C2 about 4 s of compilation on a 2-core machine, spread over
     * its first ~1,200 rounds of the 1,024-node exponential workload; a 50-round warm-up left
     * 0.6-1.2 s of compilation inside the first measured actor runs, a core taken from the
     * engine that uses both while the sequential one has a core to spare for the compiler
     * (simulator/BENCHMARKS.md, goal 2, "The bench's warm-up").
     */
    static WarmUp warmUp(Engine sequential, Engine actors, PreparedRun run, long rounds) throws InterruptedException {
        var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        int passes = 0;
        long began = System.nanoTime();
        while (true) {
            long compiledBefore = measurable ? compiler.getTotalCompilationTime() : 0;
            long start = System.nanoTime();
            runRounds(sequential, run, rounds);
            runRounds(actors, run, rounds);
            passes++;
            double wallMillis = (System.nanoTime() - start) / 1e6;
            long compiledMillis = measurable ? compiler.getTotalCompilationTime() - compiledBefore : 0;
            boolean settled = measurable && settled(compiledMillis, wallMillis);
            double elapsed = (System.nanoTime() - began) / 1e9;
            if (settled || !measurable || !anotherPass(passes, elapsed)) {
                return new WarmUp(passes * rounds, settled);
            }
        }
    }

    /**
     * The warm-up each engine had: {@code rounds} in all, and whether its last pass left the JIT
     * settled (false: it did not within {@link #MAX_WARM_UP_PASSES}, or the JVM does not measure
     * it, and the measured rounds may include compilation).
     */
    public record WarmUp(long rounds, boolean settled) {
        /** {@code 250} or, not settled, {@code 1500+}. */
        public String format() {
            return rounds + (settled ? "" : "+");
        }
    }

    /** Whether an unsettled warm-up may run another pass after {@code passes} passes in {@code elapsedSeconds}. */
    static boolean anotherPass(int passes, double elapsedSeconds) {
        return passes < MAX_WARM_UP_PASSES && elapsedSeconds < MAX_WARM_UP_SECONDS;
    }

    /** Whether a warm-up pass of {@code wallMillis} that compiled for {@code compiledMillis} leaves the JIT settled. */
    static boolean settled(double compiledMillis, double wallMillis) {
        return compiledMillis < SETTLED_COMPILATION_SHARE * wallMillis;
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
