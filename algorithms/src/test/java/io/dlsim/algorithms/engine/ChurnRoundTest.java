package io.dlsim.algorithms.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.GossipAveraging;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContext;
import io.dlsim.algorithms.system.ChurnModel;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.algorithms.system.SystemSettings;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.mixing.OnlineMixing;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The synchronous round under churn ({@link ChurnRound}) against what it promises: no change
 * when nobody goes offline, the average of all models kept by Metropolis–Hastings on the online
 * nodes, offline nodes frozen, and the rounds and clocks a trace predicts. Constants are powers
 * of two, so clocks are exact in binary and the checks are equalities.
 */
class ChurnRoundTest {
    private static List<NodeAlgorithm> nodes(int n) {
        int d = 5;
        Dataset tiny = Dataset.dense("tiny", new double[d], d, new double[] {0.0}, 0);
        Model model = ModelSettings.leastSquares().create(tiny);
        SplittableRandom rng = new SplittableRandom(n);
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x0 = new double[model.parameterCount()];
            for (int c = 0; c < x0.length; c++) {
                x0[c] = rng.nextGaussian();
            }
            nodes.add(new GossipAveraging(new NodeContext(i, tiny, model.copy(), new BatchSampler(1, rng.split()), 1, x0)));
        }
        return nodes;
    }

    private static SystemSettings settings(double compute, double latency, SystemSettings.Churn churn) {
        return new SystemSettings(new SystemSettings.Compute(compute, null, null, null),
                new SystemSettings.Network(new SystemSettings.Latency.Constant(latency), null), churn);
    }

    private static SystemModel model(SystemSettings settings, Topology t, int n, double[][] trace) {
        return SystemModel.of(settings, 5, n, 1).withChurn(ChurnModel.of(settings.churn(), 5, n, trace), OnlineMixing.of(t));
    }

    /** Offline intervals: node {@code node} in [from, until), nobody else. */
    private static double[][] trace(int n, int node, double from, double until) {
        double[][] trace = new double[n][0];
        trace[node] = new double[] {from, until};
        return trace;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ring, metropolis-hastings", "grid, metropolis-hastings", "star, max-degree", "torus, uniform"})
    void aChurnThatTakesNobodyOfflineChangesNothingBitForBit(String topology, String rule) {
        int n = 16;
        Topology t = TopologyFactory.build(TopologySpec.of(topology, n).withMixing(rule));
        SystemSettings plain = settings(0.5, 0.25, null);
        SystemSettings churned = settings(0.5, 0.25, new SystemSettings.Churn.Trace("none"));
        List<NodeAlgorithm> a = nodes(n);
        List<NodeAlgorithm> b = nodes(n);
        new SequentialEngine(new StaticSchedule(t.matrix(), topology), a, 0, SystemModel.of(plain, 5, n, 1)).run(25);
        new SequentialEngine(new StaticSchedule(t.matrix(), topology), b, 0, model(churned, t, n, new double[n][0])).run(25);
        for (int i = 0; i < n; i++) {
            assertThat(b.get(i).parameters()).as("node %d", i).isEqualTo(a.get(i).parameters());
            assertThat(b.get(i).counters().clock()).isEqualTo(a.get(i).counters().clock());
            assertThat(b.get(i).counters().idleSeconds()).isEqualTo(a.get(i).counters().idleSeconds());
            assertThat(b.get(i).counters().bytesSent()).isEqualTo(a.get(i).counters().bytesSent());
            assertThat(b.get(i).counters().online()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @CsvSource({"grid, 1", "grid, 2", "ring, 3", "small-world, 4"})
    void metropolisHastingsOnTheOnlineNodesKeepsTheAverageOfAllModelsAndFreezesTheOfflineOnes(String topology, long seed) {
        int n = 24;
        Topology t = TopologyFactory.build(new TopologySpec(topology, n,
                topology.equals("small-world") ? java.util.Map.of("k", "4", "beta", "0.3") : java.util.Map.of(), null, null, null, 3));
        SystemSettings settings = settings(0.0625, 0.015625, new SystemSettings.Churn.OnOff(0.5, 0.25));
        SystemModel system = SystemModel.of(settings, seed, n, 1).withChurn(ChurnModel.of(settings.churn(), seed, n, null),
                OnlineMixing.of(t));
        List<NodeAlgorithm> nodes = nodes(n);
        double[] average = NodeModels.mean(nodes);
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(t.matrix(), topology), nodes, 0, system);
        int offlineRounds = 0;
        int comebacks = 0;
        boolean[] wasOffline = new boolean[n];
        double initialSpread = NodeModels.squaredDistances(nodes, average);
        for (int round = 0; round < 300; round++) {
            boolean[] takesPart = new boolean[n];
            double[][] before = new double[n][];
            for (int i = 0; i < n; i++) {
                // Whether node i takes part in this round was decided at the start of the last one.
                takesPart[i] = round == 0 ? system.churn().onlineAtStart(i) : nodes.get(i).counters().online();
                before[i] = nodes.get(i).parameters().clone();
            }
            long[] sent = new long[n];
            for (int i = 0; i < n; i++) {
                sent[i] = nodes.get(i).counters().messagesSent();
            }
            engine.runRound();
            for (int i = 0; i < n; i++) {
                if (!takesPart[i]) {
                    offlineRounds++;
                    wasOffline[i] = true;
                    assertThat(nodes.get(i).parameters()).as("offline node %d in round %d", i, round).isEqualTo(before[i]);
                    assertThat(nodes.get(i).counters().messagesSent()).isEqualTo(sent[i]);
                } else if (wasOffline[i]) {
                    comebacks++;
                    wasOffline[i] = false;
                }
            }
            double[] now = NodeModels.mean(nodes);
            for (int c = 0; c < now.length; c++) {
                assertThat(now[c]).as("coordinate %d after round %d", c, round).isCloseTo(average[c], within(1e-12));
            }
        }
        assertThat(offlineRounds).as("node-rounds offline").isGreaterThan(300 * n / 10);
        assertThat(comebacks).isPositive();
        // Gossip over the online nodes still reaches consensus on the whole graph.
        assertThat(NodeModels.squaredDistances(nodes, average)).isLessThan(initialSpread * 1e-3);
    }

    @Test
    void aTraceTakesANodeOfflineForTheRoundsItPredictsAndTheClocksKeepTheirPace() {
        int n = 8;
        double c = 0.0625;
        double latency = 0.015625;
        Topology t = TopologyFactory.build(TopologySpec.of("ring", n));
        SystemSettings settings = settings(c, latency, new SystemSettings.Churn.Trace("trace"));
        // Node 3 is offline from 0.2 s to 0.5 s. Every round takes c + L = 0.078125 s whoever is
        // offline (an offline node's announcement leaves at its round's start, the online
        // messages after c), and s_3(t+1) is read at the start of round t: rounds t with
        // t - 1 in {3, 4, 5, 6} (starts 0.234..0.469 s) are offline ones.
        List<NodeAlgorithm> nodes = nodes(n);
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), nodes, 0,
                model(settings, t, n, trace(n, 3, 0.2, 0.5)));
        double[] frozen = null;
        for (int round = 0; round < 10; round++) {
            boolean offline = round >= 4 && round <= 7;
            if (round == 4) {
                frozen = nodes.get(3).parameters().clone();
            }
            engine.runRound();
            if (offline) {
                assertThat(nodes.get(3).parameters()).isEqualTo(frozen);
            }
            for (NodeAlgorithm node : nodes) {
                assertThat(node.counters().clock()).as("node %d after round %d", node.node(), round).isEqualTo((round + 1) * (c + latency));
            }
            // Between rounds a node's status is the next round's.
            assertThat(nodes.get(3).counters().online()).as("after round %d", round).isEqualTo(!(round >= 3 && round <= 6));
        }
        // Node 3 sent in 6 rounds to 2 neighbours; its neighbours sent to it in those 6 only.
        assertThat(nodes.get(3).counters().messagesSent()).isEqualTo(12);
        assertThat(nodes.get(2).counters().messagesSent()).isEqualTo(6 * 2 + 4);
        assertThat(nodes.get(4).counters().messagesSent()).isEqualTo(6 * 2 + 4);
        assertThat(nodes.get(0).counters().messagesSent()).isEqualTo(20);
        // Online nodes wait L each round; offline time is not idle.
        assertThat(nodes.get(3).counters().idleSeconds()).isEqualTo(6 * latency);
        assertThat(nodes.get(2).counters().idleSeconds()).isEqualTo(10 * latency);
    }

    @Test
    void anOfflineNodeWhoseNeighboursAreAllOfflineStillSeesTimePassAndComesBack() {
        int n = 4;
        double c = 0.25;
        Topology t = TopologyFactory.build(TopologySpec.of("ring", n));
        double[][] trace = new double[n][];
        for (int i = 0; i < n; i++) {
            trace[i] = new double[] {0.5, 1.5};
        }
        // No latency: only the skipped steps' time moves the clocks while everybody is offline.
        List<NodeAlgorithm> nodes = nodes(n);
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), nodes, 0,
                model(settings(c, 0, new SystemSettings.Churn.Trace("trace")), t, n, trace));
        engine.run(12);
        for (NodeAlgorithm node : nodes) {
            assertThat(node.counters().clock()).isEqualTo(12 * c);
            assertThat(node.counters().online()).isTrue();
            // Offline for the rounds after those starting at 0.5, 0.75, 1.0 and 1.25 s: 8 of 12 rounds sent, 2 messages each.
            assertThat(node.counters().messagesSent()).isEqualTo(16);
        }
    }
}
