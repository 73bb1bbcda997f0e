package io.dlsim.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.compression.Compression;
import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.Acceleration;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.algorithms.system.SystemSettings;
import io.dlsim.algorithms.optim.ChocoSgd;
import io.dlsim.algorithms.optim.Dpsvrg;
import io.dlsim.algorithms.optim.Dspg;
import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.algorithms.optim.Variant;
import io.dlsim.algorithms.optim.GossipAveraging;
import io.dlsim.algorithms.optim.GossipRounds;
import io.dlsim.algorithms.optim.GradientTracking;
import io.dlsim.algorithms.optim.GtSvrg;
import io.dlsim.algorithms.optim.Nids;
import io.dlsim.algorithms.optim.PgExtra;
import io.dlsim.algorithms.optim.PushSum;
import io.dlsim.algorithms.optim.Sgp;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.metrics.EvaluationRounds;
import io.dlsim.metrics.Evaluator;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.metrics.SequentialRunner;
import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.ScheduleSpec;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActorEngineTest {
    @Test
    void theEmbeddedSystemRunsBlocksOnTheBlockDispatcher() {
        // A thread-pool executor with one thread per core (BlockDispatcher: Pekko's fork-join pool
        // on JDK 17 could leave one of two workers parked for hundreds of rounds).
        com.typesafe.config.Config c = ActorEngine.embeddedConfig();
        BlockDispatcher.embeddedSettings(Runtime.getRuntime().availableProcessors())
                .forEach((key, value) -> assertThat(c.getAnyRef(key)).as(key).isEqualTo(value));
        // Pekko's thread-pool executor, whose threads take a CPU each (ThreadPinning).
        assertThat(c.getString("pekko.actor.default-dispatcher.executor")).isEqualTo(PinnedThreadPoolConfigurator.class.getName());
        assertThat(c.getString("pekko.actor.default-dispatcher." + PinnedThreadPoolConfigurator.MODE_KEY)).isEqualTo("ONE_CPU_EACH");
        assertThat(c.getBoolean("pekko.daemonic")).isTrue();
    }

    private static final int NODES = 12;
    private static final Dataset TRAIN = Synthetic.sparseLogistic(NODES * 40, 15, 5, 1.0, new SplittableRandom(1)).data();
    private static final Dataset TEST = Synthetic.sparseLogistic(200, 15, 5, 1.0, new SplittableRandom(2)).data();

    static Stream<Arguments> cases() {
        AlgorithmSettings dsgd = new Dsgd.Settings(0.3, new StepSchedule.Constant(), 4, null);
        AlgorithmSettings atc = new Dsgd.Settings(0.5, new StepSchedule.InverseSqrt(), 4, Variant.ADAPT_THEN_COMBINE);
        AlgorithmSettings dspg = new Dspg.Settings(0.3, new StepSchedule.InverseSqrt(), 4, RegularizerSettings.l1(0.01));
        AlgorithmSettings dpsvrg = new Dpsvrg.Settings(0.1, new StepSchedule.Constant(), 4,
                new RegularizerSettings.ElasticNet(0.01, 0.01, false), 5, Dpsvrg.Snapshot.NEIGHBOUR_AVERAGE,
                Dpsvrg.ProxPlacement.AFTER_MIXING, Dpsvrg.InnerOutput.AVERAGE, new GossipRounds.Constant(2), null);
        // The shared variant and multi-round gossip of issue 9: adapt-then-combine with schedules.
        AlgorithmSettings dpsvrgAtc = Dpsvrg.Settings.of(0.1, 4, RegularizerSettings.l1(0.01))
                .with(Variant.ADAPT_THEN_COMBINE, new GossipRounds.Logarithmic(1.5));
        AlgorithmSettings dspgAtc = new Dspg.Settings(0.3, null, 4, RegularizerSettings.l1(0.01), Variant.ADAPT_THEN_COMBINE,
                new GossipRounds.Linear(1, 1));
        AlgorithmSettings dsgdRounds = new Dsgd.Settings(0.3, null, 4, null, new GossipRounds.Constant(3));
        AlgorithmSettings gossip = new GossipAveraging.Settings();
        AlgorithmSettings tracking = new GradientTracking.Settings(0.1, null, 4, RegularizerSettings.l1(0.01), null);
        AlgorithmSettings trackingFull = new GradientTracking.Settings(0.1, null, null, null, GradientTracking.Gradient.FULL);
        AlgorithmSettings gtSvrg = new GtSvrg.Settings(0.1, null, 4, RegularizerSettings.l1(0.01), 5);
        AlgorithmSettings pgExtra = new PgExtra.Settings(0.1, RegularizerSettings.l1(0.01));
        AlgorithmSettings nids = new Nids.Settings(0.1, RegularizerSettings.l1(0.01));
        AlgorithmSettings pushSum = new PushSum.Settings();
        // Chebyshev-accelerated rounds take lambda from the schedule, as the scenario does.
        AlgorithmSettings chebyshev = new Dpsvrg.Settings(0.1, null, 4, RegularizerSettings.l1(0.01), null, null, null, null,
                new GossipRounds.Linear(2, 1), Variant.ADAPT_THEN_COMBINE, Acceleration.CHEBYSHEV, null)
                .forSchedule(schedule("static", "torus", Map.of()));
        AlgorithmSettings sgp = new Sgp.Settings(0.3, null, 4);
        // A node that hears from few peers in a round has a small push-sum weight and a large
        // effective step eta / w_i, so the random-edge case takes a smaller step.
        AlgorithmSettings sgpSmallStep = new Sgp.Settings(0.05, null, 4);
        // CHOCO-SGD with the randomized operators: each node's compression stream must match across engines.
        AlgorithmSettings chocoRandomK = new ChocoSgd.Settings(0.1, null, 4, 0.2, new Compression.RandomK(null, 0.2));
        AlgorithmSettings chocoQsgd = new ChocoSgd.Settings(0.1, null, 4, null, new Compression.Qsgd(4, null));
        return Stream.of(
                Arguments.of("dsgd", dsgd, schedule("static", "ring", Map.of())),
                Arguments.of("dsgd-atc", atc, schedule("static", "exponential-directed", Map.of())),
                Arguments.of("dspg", dspg, schedule("static", "torus", Map.of())),
                Arguments.of("dpsvrg", dpsvrg, schedule("static", "erdos-renyi", Map.of())),
                Arguments.of("dsgd random-matching", dsgd, schedule("random-matching", "ring", Map.of())),
                Arguments.of("dspg one-peer-exponential", dspg, schedule("one-peer-exponential", "ring", Map.of())),
                Arguments.of("dpsvrg random-edges", dpsvrg, schedule("random-edges", "torus", Map.of("p", "0.5"))),
                Arguments.of("dpsvrg-atc logarithmic", dpsvrgAtc, schedule("static", "torus", Map.of())),
                Arguments.of("dpsvrg-atc random-edges", dpsvrgAtc, schedule("random-edges", "ring", Map.of("p", "0.5"))),
                Arguments.of("dspg-atc linear", dspgAtc, schedule("static", "ring", Map.of())),
                Arguments.of("dsgd 3 rounds one-peer-exponential", dsgdRounds, schedule("one-peer-exponential", "ring", Map.of())),
                Arguments.of("gossip", gossip, schedule("static", "path", Map.of())),
                Arguments.of("gradient-tracking", tracking, schedule("static", "torus", Map.of())),
                Arguments.of("gradient-tracking full", trackingFull, schedule("static", "ring", Map.of())),
                Arguments.of("gt-svrg random-edges", gtSvrg, schedule("random-edges", "torus", Map.of("p", "0.5"))),
                Arguments.of("pg-extra", pgExtra, schedule("static", "erdos-renyi", Map.of())),
                Arguments.of("nids", nids, schedule("static", "ring", Map.of())),
                Arguments.of("dpsvrg-atc chebyshev", chebyshev, schedule("static", "torus", Map.of())),
                Arguments.of("push-sum", pushSum, schedule("static", "erdos-renyi-directed", Map.of())),
                Arguments.of("sgp", sgp, schedule("static", "erdos-renyi-directed", Map.of())),
                Arguments.of("sgp random-edges", sgpSmallStep, schedule("random-edges", "erdos-renyi-directed", Map.of("p", "0.7"))),
                Arguments.of("choco-sgd random-k", chocoRandomK, schedule("static", "torus", Map.of())),
                Arguments.of("choco-sgd qsgd", chocoQsgd, schedule("static", "erdos-renyi", Map.of())));
    }

    static MixingSchedule schedule(String type, String topology, Map<String, String> params) {
        return schedule(type, topology, params, NODES);
    }

    static MixingSchedule schedule(String type, String topology, Map<String, String> params, int nodes) {
        Map<String, String> topologyParams = topology.startsWith("erdos-renyi") ? Map.of("p", "0.4") : Map.of();
        // Push-sum methods get their column-stochastic weights on the directed graph.
        String mixing = topology.equals("erdos-renyi-directed") ? "column-stochastic" : null;
        TopologySpec t = new TopologySpec(topology, nodes, topologyParams, mixing, null, null, 7);
        return ScheduleFactory.build(new ScheduleSpec(type, t, params, List.of()));
    }

    static List<NodeAlgorithm> nodes(AlgorithmSettings spec, Model model) {
        return nodes(spec, model, NODES);
    }

    static List<NodeAlgorithm> nodes(AlgorithmSettings spec, Model model, int count) {
        Partition partition = Partitioner.iid().partition(TRAIN, count, new SplittableRandom(3));
        List<NodeAlgorithm> nodes = new ArrayList<>();
        NodeContexts.all(TRAIN, partition, model, InitMode.PER_NODE, 9, spec.batchSize()).forEach(c -> nodes.add(spec.create(c, 1000)));
        return nodes;
    }

    static Dataset trainSet() {
        return TRAIN;
    }

    static Evaluator evaluator(Model model, AlgorithmSettings spec) {
        Partition partition = Partitioner.iid().partition(TRAIN, NODES, new SplittableRandom(3));
        List<Dataset> shards = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            shards.add(TRAIN.subset("shard", partition.shards()[i]));
        }
        return new Evaluator(model, TRAIN, TEST, shards, spec.regularizer().create(model.biasIndices()), 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void actorEngineIsBitIdenticalToTheSequentialEngine(String name, AlgorithmSettings spec, MixingSchedule schedule) throws Exception {
        // A small MLP with per-node initialisation: every node starts elsewhere, so gossip has work.
        Model model = ModelSettings.mlp(6).create(TRAIN);
        EvaluationRounds plan = new EvaluationRounds(60, 7);

        List<NodeAlgorithm> sequentialNodes = nodes(spec, model);
        List<MetricsRow> expected = SequentialRunner.run(new SequentialEngine(schedule, sequentialNodes), evaluator(model, spec), plan, null);
        // Any grouping of the nodes into blocks gives the same rows: one block (the small-run
        // default), uneven blocks, and one block per node (every message crosses actors).
        for (int blocks : new int[] {1, 5, NODES}) {
            assertSameRun(expected, sequentialNodes, spec, model, schedule, plan, BlockLayout.split(NODES, blocks));
        }
    }

    private static void assertSameRun(List<MetricsRow> expected, List<NodeAlgorithm> sequentialNodes, AlgorithmSettings spec, Model model,
            MixingSchedule schedule, EvaluationRounds plan, BlockLayout layout) throws InterruptedException {
        List<NodeAlgorithm> actorNodes = nodes(spec, model);
        List<MetricsRow> observed = new ArrayList<>();
        List<MetricsRow> actual = ActorEngine.run(schedule, actorNodes, evaluator(model, spec), plan, observed::add, layout);

        assertThat(actual).hasSize((int) plan.count());
        assertThat(observed).isEqualTo(actual);
        for (int k = 0; k < expected.size(); k++) {
            // Records compare doubles bit for bit (Double.equals); wall time is the one allowed difference.
            assertThat(actual.get(k).withWallSeconds(0)).as(layout.toString()).isEqualTo(expected.get(k).withWallSeconds(0));
        }
        for (int i = 0; i < NODES; i++) {
            assertThat(actorNodes.get(i).parameters()).isEqualTo(sequentialNodes.get(i).parameters());
        }
        // The run did something: messages flowed and the nodes moved towards each other.
        MetricsRow first = actual.get(0);
        MetricsRow last = actual.get(actual.size() - 1);
        assertThat(last.messages()).isPositive();
        assertThat(last.consensusDistance()).isLessThan(first.consensusDistance());
        assertThat(first.consensusDistance()).isPositive();
    }

    static Stream<Arguments> timedCases() {
        AlgorithmSettings dsgd = new Dsgd.Settings(0.3, new StepSchedule.Constant(), 4, null);
        AlgorithmSettings dpsvrg = new Dpsvrg.Settings(0.1, new StepSchedule.Constant(), 4,
                new RegularizerSettings.ElasticNet(0.01, 0.01, false), 5, Dpsvrg.Snapshot.NEIGHBOUR_AVERAGE,
                Dpsvrg.ProxPlacement.AFTER_MIXING, Dpsvrg.InnerOutput.AVERAGE, new GossipRounds.Constant(2), null);
        AlgorithmSettings choco = new ChocoSgd.Settings(0.1, null, 4, 0.2, new Compression.RandomK(null, 0.2));
        SystemSettings perStep = new SystemSettings(new SystemSettings.Compute(0.02, null,
                new SystemSettings.Jitter.Lognormal(0.4), new SystemSettings.Stragglers(0.25, 5.0)),
                new SystemSettings.Network(new SystemSettings.Latency.Lognormal(0.01, 0.5),
                        new SystemSettings.Bandwidth(1e5, true)));
        SystemSettings byFlops = new SystemSettings(new SystemSettings.Compute(null, 1e6,
                new SystemSettings.Jitter.Uniform(0.5), null),
                new SystemSettings.Network(new SystemSettings.Latency.Uniform(0.001, 0.02), new SystemSettings.Bandwidth(2e4, false)));
        SystemSettings retransmit = new SystemSettings(perStep.compute(), new SystemSettings.Network(
                new SystemSettings.Latency.Uniform(0.001, 0.02), new SystemSettings.Bandwidth(1e5, true), 0.3,
                SystemSettings.OnLoss.RETRANSMIT, 0.05));
        SystemSettings skip = new SystemSettings(perStep.compute(), new SystemSettings.Network(
                new SystemSettings.Latency.Lognormal(0.01, 0.5), null, 0.3, SystemSettings.OnLoss.SKIP, null));
        List<Arguments> out = new ArrayList<>();
        for (long seed : new long[] {1, 2}) {
            out.add(Arguments.of("dsgd torus, loss 0.3 retransmit, seed " + seed, dsgd, schedule("static", "torus", Map.of()),
                    retransmit, seed));
            out.add(Arguments.of("dsgd exponential, loss 0.3 skip, seed " + seed, dsgd, schedule("static", "exponential", Map.of()),
                    skip, seed));
        }
        for (long seed : new long[] {1, 2, 3}) {
            out.add(Arguments.of("dsgd ring, stragglers, seed " + seed, dsgd, schedule("static", "ring", Map.of()), perStep, seed));
            out.add(Arguments.of("dpsvrg random-edges, flops, seed " + seed, dpsvrg,
                    schedule("random-edges", "torus", Map.of("p", "0.5")), byFlops, seed));
        }
        out.add(Arguments.of("choco-sgd torus, compressed bytes", choco, schedule("static", "torus", Map.of()), perStep, 4L));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timedCases")
    void onSimulatedTimeTheActorEngineGivesTheSequentialClocksBitForBit(String name, AlgorithmSettings spec,
            MixingSchedule schedule, SystemSettings system, long seed) throws Exception {
        Model model = ModelSettings.logistic().create(TRAIN);
        EvaluationRounds plan = new EvaluationRounds(40, 7);
        SystemModel clock = SystemModel.of(system, seed, NODES, model.flopsPerExample());
        List<NodeAlgorithm> sequentialNodes = nodes(spec, model);
        Evaluator sequentialEvaluator = evaluator(model, spec);
        sequentialEvaluator.reportSimulatedTime();
        List<MetricsRow> expected = SequentialRunner.run(new SequentialEngine(schedule, sequentialNodes, 0, clock),
                sequentialEvaluator, plan, null);
        MetricsRow last = expected.get(expected.size() - 1);
        assertThat(last.timed()).isTrue();
        assertThat(last.simSeconds()).isPositive();
        assertThat(last.idleFraction()).isBetween(0.0, 1.0);
        assertEveryLayoutGivesTheRows(expected, sequentialNodes, spec, model, schedule, plan, clock);
    }

    /**
     * Runs the timed case on the actor engine with 1, 5 and one-per-node blocks: the same rows bit
     * for bit (wall time aside), and every node's model, clock and idle time.
     */
    private static void assertEveryLayoutGivesTheRows(List<MetricsRow> expected, List<NodeAlgorithm> sequentialNodes,
            AlgorithmSettings spec, Model model, MixingSchedule schedule, EvaluationRounds plan, SystemModel clock)
            throws InterruptedException {
        for (int blocks : new int[] {1, 5, NODES}) {
            BlockLayout layout = BlockLayout.split(NODES, blocks);
            List<NodeAlgorithm> actorNodes = nodes(spec, model);
            Evaluator evaluator = evaluator(model, spec);
            evaluator.reportSimulatedTime();
            List<MetricsRow> actual = ActorEngine.run(schedule, actorNodes, evaluator, plan, null, layout, clock);
            assertThat(actual).hasSize(expected.size());
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k).withWallSeconds(0)).as(layout.toString()).isEqualTo(expected.get(k).withWallSeconds(0));
            }
            for (int i = 0; i < NODES; i++) {
                assertThat(actorNodes.get(i).parameters()).isEqualTo(sequentialNodes.get(i).parameters());
                assertThat(actorNodes.get(i).counters().clock()).isEqualTo(sequentialNodes.get(i).counters().clock());
                assertThat(actorNodes.get(i).counters().idleSeconds()).isEqualTo(sequentialNodes.get(i).counters().idleSeconds());
            }
        }
    }

    static Stream<Arguments> churnCases() {
        AlgorithmSettings dsgd = new Dsgd.Settings(0.3, new StepSchedule.Constant(), 4, null);
        AlgorithmSettings dpsvrg = new Dpsvrg.Settings(0.1, new StepSchedule.Constant(), 4,
                new RegularizerSettings.ElasticNet(0.01, 0.01, false), 5, Dpsvrg.Snapshot.NEIGHBOUR_AVERAGE,
                Dpsvrg.ProxPlacement.AFTER_MIXING, Dpsvrg.InnerOutput.AVERAGE, new GossipRounds.Constant(2), null);
        SystemSettings.Churn onOff = new SystemSettings.Churn.OnOff(0.2, 0.1);
        SystemSettings.Compute jittered = new SystemSettings.Compute(0.02, null, new SystemSettings.Jitter.Lognormal(0.4),
                new SystemSettings.Stragglers(0.25, 5.0));
        SystemSettings plain = new SystemSettings(jittered, new SystemSettings.Network(new SystemSettings.Latency.Lognormal(0.01, 0.5),
                new SystemSettings.Bandwidth(1e5, true)), onOff);
        SystemSettings skip = new SystemSettings(jittered, new SystemSettings.Network(new SystemSettings.Latency.Uniform(0.001, 0.02),
                null, 0.3, SystemSettings.OnLoss.SKIP, null), onOff);
        SystemSettings retransmit = new SystemSettings(jittered, new SystemSettings.Network(
                new SystemSettings.Latency.Uniform(0.001, 0.02), new SystemSettings.Bandwidth(1e5, true), 0.2,
                SystemSettings.OnLoss.RETRANSMIT, 0.05), onOff);
        List<Arguments> out = new ArrayList<>();
        for (long seed : new long[] {1, 2, 3}) {
            out.add(Arguments.of("dsgd ring, churn, seed " + seed, dsgd, "ring", plain, seed));
            out.add(Arguments.of("dsgd torus, churn and loss 0.3 skip, seed " + seed, dsgd, "torus", skip, seed));
            out.add(Arguments.of("dpsvrg grid, churn and loss 0.2 retransmit, seed " + seed, dpsvrg, "grid", retransmit, seed));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("churnCases")
    void underChurnTheActorEngineGivesTheSequentialRowsBitForBit(String name, AlgorithmSettings spec, String topology,
            SystemSettings system, long seed) throws Exception {
        Model model = ModelSettings.logistic().create(TRAIN);
        EvaluationRounds plan = new EvaluationRounds(60, 5);
        MixingSchedule schedule = schedule("static", topology, Map.of());
        SystemModel clock = SystemModel.of(system, seed, NODES, model.flopsPerExample()).withChurn(
                io.dlsim.algorithms.system.ChurnModel.of(system.churn(), seed, NODES, null),
                io.dlsim.topologies.mixing.OnlineMixing.of(io.dlsim.topologies.TopologyFactory.build(
                        new TopologySpec(topology, NODES, Map.of(), null, null, null, 7))));
        List<NodeAlgorithm> sequentialNodes = nodes(spec, model);
        Evaluator sequentialEvaluator = evaluator(model, spec);
        sequentialEvaluator.reportSimulatedTime();
        List<MetricsRow> expected = SequentialRunner.run(new SequentialEngine(schedule, sequentialNodes, 0, clock),
                sequentialEvaluator, plan, null);
        // Churn took nodes offline: some rows count fewer online nodes; and the run trained.
        assertThat(expected).anyMatch(r -> r.onlineNodes() < NODES);
        assertThat(expected.get(expected.size() - 1).trainLoss()).isLessThan(expected.get(0).trainLoss());
        assertEveryLayoutGivesTheRows(expected, sequentialNodes, spec, model, schedule, plan, clock);
    }

    /**
     * An evaluator as {@code PreparedRun} builds one for a linear model: the training set grouped
     * by shard and the shards views of it, so that it {@linkplain Evaluator#spreadsTrainPass spreads}
     * x̄'s pass over the training set to the blocks.
     */
    static Evaluator spreadingEvaluator(Model model, AlgorithmSettings spec, int count) {
        Partition partition = Partitioner.iid().partition(TRAIN, count, new SplittableRandom(3));
        Dataset grouped = TRAIN.grouped(partition.shards());
        List<Dataset> shards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shards.add(grouped.view("shard", partition.shard(i)));
        }
        return new Evaluator(model, grouped, TEST, shards, spec.regularizer().create(model.biasIndices()), 0.1);
    }

    static Stream<Arguments> spreadCases() {
        AlgorithmSettings dsgd = new Dsgd.Settings(0.3, new StepSchedule.Constant(), 4, null);
        AlgorithmSettings dspg = new Dspg.Settings(0.3, new StepSchedule.InverseSqrt(), 4, RegularizerSettings.l1(0.01));
        SystemSettings stragglers = new SystemSettings(new SystemSettings.Compute(0.02, null,
                new SystemSettings.Jitter.Lognormal(0.4), new SystemSettings.Stragglers(0.25, 5.0)),
                new SystemSettings.Network(new SystemSettings.Latency.Lognormal(0.01, 0.5), new SystemSettings.Bandwidth(1e5, true)));
        SystemSettings churn = new SystemSettings(stragglers.compute(), stragglers.network(),
                new SystemSettings.Churn.OnOff(0.2, 0.1));
        double flops = ModelSettings.logistic().create(TRAIN).flopsPerExample();
        SystemModel churning = SystemModel.of(churn, 2, NODES, flops).withChurn(
                io.dlsim.algorithms.system.ChurnModel.of(churn.churn(), 2, NODES, null),
                io.dlsim.topologies.mixing.OnlineMixing.of(io.dlsim.topologies.TopologyFactory.build(
                        new TopologySpec("ring", NODES, Map.of(), null, null, null, 7))));
        return Stream.of(
                Arguments.of("dsgd ring", dsgd, schedule("static", "ring", Map.of()), null),
                Arguments.of("dspg one-peer-exponential", dspg, schedule("one-peer-exponential", "ring", Map.of()), null),
                Arguments.of("dsgd torus, stragglers", dsgd, schedule("static", "torus", Map.of()),
                        SystemModel.of(stragglers, 1, NODES, flops)),
                Arguments.of("dsgd ring, churn", dsgd, schedule("static", "ring", Map.of()), churning));
    }

    /**
     * With x̄'s training pass in the blocks ({@link NodeBlock.EvaluateMean}, {@link Coordinator.Terms})
     * every layout gives the rows of the sequential engine with the evaluator computing alone, bit
     * for bit, checkpoint states included.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("spreadCases")
    void withXBarsTrainPassInTheBlocksEveryLayoutGivesTheSequentialRowsBitForBit(String name, AlgorithmSettings spec,
            MixingSchedule schedule, SystemModel clock) throws Exception {
        Model model = ModelSettings.logistic().create(TRAIN);
        EvaluationRounds plan = new EvaluationRounds(60, 5, 20, 0);
        List<NodeAlgorithm> sequentialNodes = nodes(spec, model);
        Evaluator alone = evaluator(model, spec);
        if (clock != null) {
            alone.reportSimulatedTime();
        }
        List<List<byte[]>> expectedStates = new ArrayList<>();
        List<MetricsRow> expected = SequentialRunner.run(new SequentialEngine(schedule, sequentialNodes, 0, clock), alone, plan,
                new io.dlsim.metrics.RunObserver() {
                    @Override
                    public void onRow(MetricsRow row) {
                    }

                    @Override
                    public void onCheckpoint(long round, List<byte[]> states) {
                        expectedStates.add(states);
                    }
                });
        if (clock != null && clock.churn() != null) {
            assertThat(expected).anyMatch(r -> r.onlineNodes() < NODES);
        }
        assertThat(expectedStates).isNotEmpty();
        for (int blocks : new int[] {1, 5, NODES}) {
            BlockLayout layout = BlockLayout.split(NODES, blocks);
            Evaluator spreading = spreadingEvaluator(model, spec, NODES);
            assertThat(spreading.spreadsTrainPass(NODES)).isTrue();
            if (clock != null) {
                spreading.reportSimulatedTime();
            }
            List<List<byte[]>> states = new ArrayList<>();
            List<MetricsRow> observed = new ArrayList<>();
            List<MetricsRow> actual = ActorEngine.run(schedule, nodes(spec, model), spreading, plan, new io.dlsim.metrics.RunObserver() {
                @Override
                public void onRow(MetricsRow row) {
                    observed.add(row);
                }

                @Override
                public void onCheckpoint(long round, List<byte[]> nodeStates) {
                    states.add(nodeStates);
                }
            }, layout, clock);
            assertThat(observed).isEqualTo(actual);
            assertThat(actual).hasSize(expected.size());
            for (int k = 0; k < expected.size(); k++) {
                assertThat(actual.get(k).withWallSeconds(0)).as(layout.toString()).isEqualTo(expected.get(k).withWallSeconds(0));
            }
            assertThat(states).hasSize(expectedStates.size());
            for (int c = 0; c < states.size(); c++) {
                for (int i = 0; i < NODES; i++) {
                    assertThat(java.util.Arrays.equals(states.get(c).get(i), expectedStates.get(c).get(i)))
                            .as("checkpoint %d, node %d, %s", c, i, layout).isTrue();
                }
            }
        }
    }

    @Test
    void aFailingNodeEndsTheRunWithAClearErrorAndKeepsEarlierRows() {
        AlgorithmSettings spec = new Dsgd.Settings(0.3, new StepSchedule.Constant(), 4, null);
        Model model = ModelSettings.logistic().create(TRAIN);
        List<NodeAlgorithm> nodes = nodes(spec, model);
        NodeAlgorithm healthy = nodes.get(5);
        nodes.set(5, new FailingAfter(healthy, 20));
        List<MetricsRow> observed = new ArrayList<>();
        RunFailedException e = assertThrows(RunFailedException.class, () -> ActorEngine.run(schedule("static", "ring", Map.of()),
                nodes, evaluator(model, spec), new EvaluationRounds(60, 5), observed::add));
        assertThat(e.getMessage()).contains("node 5 failed in round 20").contains("boom");
        assertThat(e.rowsBefore()).isEqualTo(observed);
        // Synchronisation is neighbour-local, so on a 12-node ring a node 6 hops away may lag node
        // 5 by up to 6 rounds when it fails in round 20: only the rows up to round 10 are certain
        // (every node has passed round 14); rounds 15 and 20 race with the failure report.
        List<Long> rounds = observed.stream().map(MetricsRow::round).toList();
        assertThat(rounds).startsWith(0L, 5L, 10L);
        assertThat(List.of(0L, 5L, 10L, 15L, 20L)).startsWith(rounds.toArray(new Long[0]));
    }

    /** Delegates to a real node and throws in one round. */
    private record FailingAfter(NodeAlgorithm inner, long failRound) implements NodeAlgorithm {
        @Override
        public int node() {
            return inner.node();
        }

        @Override
        public double[] outgoing(long round) {
            if (round == failRound) {
                throw new IllegalStateException("boom");
            }
            return inner.outgoing(round);
        }

        @Override
        public void step(long round, double[] mixed) {
            inner.step(round, mixed);
        }

        @Override
        public double[] parameters() {
            return inner.parameters();
        }

        @Override
        public io.dlsim.algorithms.engine.NodeCounters counters() {
            return inner.counters();
        }

        @Override
        public double epochs() {
            return inner.epochs();
        }
    }
}
