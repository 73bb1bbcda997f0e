package io.dlsim.algorithms.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.data.Partition;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.data.Synthetic;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.Acceleration;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.algorithms.optim.Dpsvrg;
import io.dlsim.algorithms.optim.Dsgd;
import io.dlsim.algorithms.optim.Dspg;
import io.dlsim.algorithms.optim.GossipAveraging;
import io.dlsim.algorithms.optim.GossipRounds;
import io.dlsim.algorithms.optim.GradientTracking;
import io.dlsim.algorithms.optim.GtSvrg;
import io.dlsim.algorithms.optim.Nids;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.algorithms.system.SystemSettings;
import io.dlsim.algorithms.optim.NodeContext;
import io.dlsim.algorithms.optim.NodeContexts;
import io.dlsim.algorithms.optim.PgExtra;
import io.dlsim.algorithms.optim.PushSum;
import io.dlsim.algorithms.optim.Sgp;
import io.dlsim.algorithms.optim.Variant;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.ScheduleSpec;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Save after R rounds, restore onto fresh nodes, run on: the same trajectory as never stopping,
 * bit for bit, for every algorithm type (a new type without a case here fails
 * {@link #everyAlgorithmTypeHasACase}), at rounds inside a multi-round step and inside an epoch.
 */
class NodeStateTest {
    private static final int NODES = 8;
    private static final Dataset TRAIN = Synthetic.sparseLogistic(NODES * 30, 10, 4, 1.0, new SplittableRandom(1)).data();

    /** One case per algorithm type (and the variants whose state differs). */
    static Map<String, AlgorithmSettings> settings() {
        Map<String, AlgorithmSettings> m = new LinkedHashMap<>();
        m.put("dsgd", new Dsgd.Settings(0.3, new StepSchedule.InverseSqrt(), 3, Variant.ADAPT_THEN_COMBINE,
                new GossipRounds.Constant(3), Acceleration.CHEBYSHEV, 0.9));
        m.put("dspg", new Dspg.Settings(0.3, null, 3, RegularizerSettings.l1(0.01), null, new GossipRounds.Linear(1, 1)));
        m.put("dpsvrg", new Dpsvrg.Settings(0.1, null, 3, RegularizerSettings.l1(0.01), 4, Dpsvrg.Snapshot.NEIGHBOUR_AVERAGE,
                Dpsvrg.ProxPlacement.AFTER_MIXING, Dpsvrg.InnerOutput.AVERAGE, new GossipRounds.Constant(2), Variant.ADAPT_THEN_COMBINE));
        m.put("gossip", new GossipAveraging.Settings());
        m.put("gradient-tracking", new GradientTracking.Settings(0.1, null, 3, RegularizerSettings.l1(0.01), null));
        m.put("gt-svrg", new GtSvrg.Settings(0.1, null, 3, RegularizerSettings.l1(0.01), 4));
        m.put("pg-extra", new PgExtra.Settings(0.1, RegularizerSettings.l1(0.01)));
        m.put("nids", new Nids.Settings(0.1, RegularizerSettings.l1(0.01)));
        m.put("push-sum", new PushSum.Settings());
        m.put("sgp", new Sgp.Settings(0.2, null, 3));
        m.put("choco-sgd", new io.dlsim.algorithms.optim.ChocoSgd.Settings(0.1, null, 3, 0.2,
                new io.dlsim.algorithms.compression.Compression.RandomK(null, 0.2)));
        m.put("choco-sgd qsgd", new io.dlsim.algorithms.optim.ChocoSgd.Settings(0.1, null, 3, null,
                new io.dlsim.algorithms.compression.Compression.Qsgd(4, null)));
        m.put("choco-sgd top-k", new io.dlsim.algorithms.optim.ChocoSgd.Settings(0.1, null, 3, null,
                new io.dlsim.algorithms.compression.Compression.TopK(null, 0.1)));
        // The asynchronous methods' node state (driven here by rounds; their runs are not
        // checkpointed yet, the event engine's queue being state too).
        m.put("async-gossip", new io.dlsim.algorithms.optim.AsyncGossip.Settings(0.3, null, 3, 2));
        m.put("ad-psgd", new io.dlsim.algorithms.optim.AdPsgd.Settings(0.3, null, 3));
        return m;
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        settings().forEach((name, s) -> {
            for (long at : new long[] {1, 7, 13}) {
                out.add(Arguments.of(name, s, at));
            }
        });
        return out.stream();
    }

    @Test
    void everyAlgorithmTypeHasACase() {
        List<String> types = new ArrayList<>(AlgorithmSettings.TYPES.types().keySet());
        types.remove("centralized"); // one model, no nodes: not checkpointed
        assertThat(settings().keySet().stream().map(k -> k.split(" ")[0]).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(types);
    }

    private static MixingSchedule schedule(String algorithm) {
        boolean push = algorithm.equals("push-sum") || algorithm.equals("sgp");
        TopologySpec t = new TopologySpec(push ? "erdos-renyi-directed" : "torus", NODES, push ? Map.of("p", "0.4") : Map.of(),
                push ? "column-stochastic" : null, null, null, 3);
        return ScheduleFactory.build(new ScheduleSpec("static", t, Map.of(), List.of()));
    }

    private static List<NodeAlgorithm> nodes(AlgorithmSettings s, Model model) {
        Partition partition = Partitioner.iid().partition(TRAIN, NODES, new SplittableRandom(2));
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (NodeContext c : NodeContexts.all(TRAIN, partition, model, InitMode.PER_NODE, 5, s.batchSize())) {
            nodes.add(s.create(c, 40));
        }
        return nodes;
    }

    @ParameterizedTest(name = "{0} saved after {2} rounds")
    @MethodSource("cases")
    void aRestoredNodeContinuesBitForBit(String name, AlgorithmSettings s, long at) {
        Model model = ModelSettings.mlp(4).create(TRAIN);
        MixingSchedule schedule = schedule(name);
        // On simulated time (flops-based compute with jitter and stragglers, random latencies):
        // the clocks are node state too, and resume bit for bit.
        SystemModel system = SystemModel.of(new SystemSettings(new SystemSettings.Compute(null, 1e6,
                new SystemSettings.Jitter.Lognormal(0.3), new SystemSettings.Stragglers(0.25, 4.0)),
                new SystemSettings.Network(new SystemSettings.Latency.Uniform(0.001, 0.01), new SystemSettings.Bandwidth(1e5, true))),
                5, NODES, model.flopsPerExample());
        List<NodeAlgorithm> straight = nodes(s, model);
        SequentialEngine uninterrupted = new SequentialEngine(schedule, straight, 0, system);
        uninterrupted.run(30);

        List<NodeAlgorithm> first = nodes(s, model);
        SequentialEngine before = new SequentialEngine(schedule, first, 0, system);
        before.run(at);
        List<byte[]> saved = new ArrayList<>();
        for (NodeAlgorithm node : first) {
            saved.add(NodeState.save(node));
        }
        List<NodeAlgorithm> fresh = nodes(s, model);
        for (int i = 0; i < NODES; i++) {
            NodeState.restore(fresh.get(i), saved.get(i));
        }
        SequentialEngine after = new SequentialEngine(schedule, fresh, at, system);
        after.run(30 - at);
        for (int i = 0; i < NODES; i++) {
            assertThat(fresh.get(i).parameters()).as("node %d", i).isEqualTo(straight.get(i).parameters());
            assertThat(fresh.get(i).counters().bytesSent()).isEqualTo(straight.get(i).counters().bytesSent());
            assertThat(fresh.get(i).counters().gradientEvaluations()).isEqualTo(straight.get(i).counters().gradientEvaluations());
            assertThat(fresh.get(i).epochs()).isEqualTo(straight.get(i).epochs());
            assertThat(fresh.get(i).counters().clock()).isEqualTo(straight.get(i).counters().clock()).isPositive();
            assertThat(fresh.get(i).counters().idleSeconds()).isEqualTo(straight.get(i).counters().idleSeconds());
            // Saving again gives the same bytes: nothing was left out.
            assertThat(NodeState.save(fresh.get(i))).isEqualTo(NodeState.save(straight.get(i)));
        }
    }

    static Stream<Arguments> churnCases() {
        List<Arguments> out = new ArrayList<>();
        Map<String, AlgorithmSettings> m = new LinkedHashMap<>();
        m.put("dsgd", new Dsgd.Settings(0.3, new StepSchedule.InverseSqrt(), 3, Variant.ADAPT_THEN_COMBINE, new GossipRounds.Constant(2)));
        m.put("dspg", settings().get("dspg"));
        m.put("dpsvrg", settings().get("dpsvrg"));
        m.put("gossip", settings().get("gossip"));
        m.forEach((name, s) -> {
            for (long at : new long[] {3, 11, 17}) {
                out.add(Arguments.of(name, s, at));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} under churn, saved after {2} rounds")
    @MethodSource("churnCases")
    void underChurnARestoredNodeContinuesBitForBit(String name, AlgorithmSettings s, long at) {
        Model model = ModelSettings.mlp(4).create(TRAIN);
        MixingSchedule schedule = schedule(name);
        // Whether a node is online, its view of its neighbours and its on-off period are node state.
        SystemSettings settings = new SystemSettings(new SystemSettings.Compute(0.01, null, new SystemSettings.Jitter.Lognormal(0.3),
                null), new SystemSettings.Network(new SystemSettings.Latency.Uniform(0.001, 0.01), null),
                new SystemSettings.Churn.OnOff(0.05, 0.03));
        SystemModel system = SystemModel.of(settings, 5, NODES, model.flopsPerExample()).withChurn(
                io.dlsim.algorithms.system.ChurnModel.of(settings.churn(), 5, NODES, null),
                io.dlsim.topologies.mixing.OnlineMixing.of(io.dlsim.topologies.TopologyFactory.build(
                        new TopologySpec("torus", NODES, Map.of(), null, null, null, 3))));
        List<NodeAlgorithm> straight = nodes(s, model);
        new SequentialEngine(schedule, straight, 0, system).run(30);
        List<NodeAlgorithm> first = nodes(s, model);
        new SequentialEngine(schedule, first, 0, system).run(at);
        List<NodeAlgorithm> fresh = nodes(s, model);
        for (int i = 0; i < NODES; i++) {
            NodeState.restore(fresh.get(i), NodeState.save(first.get(i)));
        }
        new SequentialEngine(schedule, fresh, at, system).run(30 - at);
        for (int i = 0; i < NODES; i++) {
            assertThat(fresh.get(i).parameters()).as("node %d", i).isEqualTo(straight.get(i).parameters());
            assertThat(fresh.get(i).counters().clock()).isEqualTo(straight.get(i).counters().clock());
            assertThat(fresh.get(i).counters().online()).isEqualTo(straight.get(i).counters().online());
            assertThat(NodeState.save(fresh.get(i))).isEqualTo(NodeState.save(straight.get(i)));
        }
        assertThat(straight.stream().mapToLong(n -> n.counters().messagesSent()).sum())
                .as("churn took nodes offline: fewer messages than every node sending every round")
                .isLessThan(30L * (schedule.at(0).nonZeros() - NODES));
    }

    @Test
    void aStateOfAnotherAlgorithmIsRefused() {
        Model model = ModelSettings.mlp(4).create(TRAIN);
        byte[] dsgd = NodeState.save(nodes(settings().get("dsgd"), model).get(0));
        NodeAlgorithm nids = nodes(settings().get("nids"), model).get(0);
        assertThatThrownBy(() -> NodeState.restore(nids, dsgd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the saved state is of a io.dlsim.algorithms.optim.Dsgd node");
        NodeAlgorithm other = nodes(settings().get("dsgd"), model).get(0);
        assertThatThrownBy(() -> NodeState.restore(other, java.util.Arrays.copyOf(dsgd, dsgd.length / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated or corrupt");
    }
}
