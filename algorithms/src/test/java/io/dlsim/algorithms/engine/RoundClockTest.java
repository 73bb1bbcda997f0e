package io.dlsim.algorithms.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.GossipAveraging;
import io.dlsim.algorithms.optim.NodeAlgorithm;
import io.dlsim.algorithms.optim.NodeContext;
import io.dlsim.algorithms.system.SystemModel;
import io.dlsim.algorithms.system.SystemSettings;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The synchronous round on simulated time against its closed forms. The constants are powers of
 * two (and their sums), so every clock is exact in binary and the checks are equalities.
 */
class RoundClockTest {
    /** Least squares on d = 5: 6 parameters, a 48-byte message. */
    private static final int BYTES = 48;

    private static List<NodeAlgorithm> nodes(int n) {
        return nodes(n, null);
    }

    /** n nodes starting at random points, or all at {@code same} in every coordinate. */
    private static List<NodeAlgorithm> nodes(int n, Double same) {
        int d = 5;
        Dataset tiny = Dataset.dense("tiny", new double[d], d, new double[] {0.0}, 0);
        Model model = ModelSettings.leastSquares().create(tiny);
        SplittableRandom rng = new SplittableRandom(n);
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x0 = new double[model.parameterCount()];
            x0[0] = rng.nextGaussian();
            if (same != null) {
                java.util.Arrays.fill(x0, same);
            }
            nodes.add(new GossipAveraging(new NodeContext(i, tiny, model.copy(), new BatchSampler(1, rng.split()), 1, x0)));
        }
        assertThat(nodes.get(0).messageBytes(nodes.get(0).parameters())).isEqualTo(BYTES);
        return nodes;
    }

    private static SequentialEngine engine(String topology, List<NodeAlgorithm> nodes, SystemSettings system) {
        Topology t = TopologyFactory.build(TopologySpec.of(topology, nodes.size()));
        return new SequentialEngine(new StaticSchedule(t.matrix(), topology), nodes, 0,
                SystemModel.of(system, 7, nodes.size(), 1));
    }

    private static SystemSettings settings(double compute, double latency, Double bandwidth, boolean shared) {
        return new SystemSettings(new SystemSettings.Compute(compute, null, null, null),
                new SystemSettings.Network(new SystemSettings.Latency.Constant(latency),
                        bandwidth == null ? null : new SystemSettings.Bandwidth(bandwidth, shared)));
    }

    @ParameterizedTest(name = "{0} n={1} (degree {2}), shared uplink {3}")
    @CsvSource({"ring, 8, 2, true", "ring, 8, 2, false", "complete, 8, 7, true", "complete, 8, 7, false",
            "torus, 16, 4, true"})
    void everyRoundOfARegularGraphTakesComputePlusTransmissionPlusLatency(String topology, int n, int degree, boolean shared) {
        double c = 0.5;
        double latency = 0.25;
        double bandwidth = BYTES * 8.0; // s/B = 1/8
        List<NodeAlgorithm> nodes = nodes(n);
        SequentialEngine engine = engine(topology, nodes, settings(c, latency, bandwidth, shared));
        double round = c + (shared ? degree : 1) * (BYTES / bandwidth) + latency;
        for (int t = 1; t <= 20; t++) {
            engine.runRound();
            for (NodeAlgorithm node : nodes) {
                assertThat(node.counters().clock()).as("node %d after %d rounds", node.node(), t).isEqualTo(t * round);
                // Each round the node waits for the transmission and the latency after computing.
                assertThat(node.counters().idleSeconds()).isEqualTo(t * (round - c));
            }
        }
    }

    @Test
    void aStragglerOnARingPacesItsNeighboursOneHopPerRound() {
        int n = 16;
        double c = 0.5;
        double k = 4;
        List<NodeAlgorithm> nodes = nodes(n);
        SystemSettings system = new SystemSettings(new SystemSettings.Compute(c, null, null,
                new SystemSettings.Stragglers(1.0 / n, k)), null);
        Topology t = TopologyFactory.build(TopologySpec.of("ring", n));
        SystemModel model = SystemModel.of(system, 3, n, 1);
        int straggler = -1;
        for (int i = 0; i < n; i++) {
            if (model.isStraggler(i)) {
                assertThat(straggler).as("exactly one straggler").isEqualTo(-1);
                straggler = i;
            }
        }
        assertThat(straggler).isGreaterThanOrEqualTo(0);
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), nodes, 0, model);
        for (int round = 0; round < 24; round++) {
            engine.runRound();
            for (int i = 0; i < n; i++) {
                int hops = Math.min(Math.floorMod(i - straggler, n), Math.floorMod(straggler - i, n));
                // The straggler's delay reaches a node h hops away after h - 1 rounds; from then on
                // the node runs at the straggler's pace: end_h(t) = max((t+1)c, (t+2-h)kc + (h-1)c).
                double expected = hops == 0 ? (round + 1) * k * c
                        : Math.max((round + 1) * c, (round + 2 - hops) * k * c + (hops - 1) * c);
                assertThat(nodes.get(i).counters().clock()).as("node %d (%d hops) after round %d", i, hops, round)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aSpeedsFileWithOneSlowNodeGivesTheStragglersClocks() {
        int n = 16;
        SystemSettings stragglers = new SystemSettings(new SystemSettings.Compute(0.5, null, null,
                new SystemSettings.Stragglers(1.0 / n, 4.0)), null);
        SystemModel withStraggler = SystemModel.of(stragglers, 3, n, 1);
        double[] speeds = new double[n];
        for (int i = 0; i < n; i++) {
            speeds[i] = withStraggler.isStraggler(i) ? 0.25 : 1;
        }
        SystemSettings fromFile = new SystemSettings(new SystemSettings.Compute(0.5, null, null, null,
                new SystemSettings.Speeds("speeds.txt")), null);
        Topology t = TopologyFactory.build(TopologySpec.of("ring", n));
        List<NodeAlgorithm> a = nodes(n);
        List<NodeAlgorithm> b = nodes(n);
        new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), a, 0, withStraggler).run(30);
        new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), b, 0, SystemModel.of(fromFile, 3, n, 1, speeds)).run(30);
        for (int i = 0; i < n; i++) {
            assertThat(b.get(i).counters().clock()).isEqualTo(a.get(i).counters().clock());
        }
    }

    @Test
    void withoutASystemModelNoClockMoves() {
        List<NodeAlgorithm> nodes = nodes(8);
        Topology t = TopologyFactory.build(TopologySpec.of("ring", 8));
        new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), nodes).run(5);
        for (NodeAlgorithm node : nodes) {
            assertThat(node.counters().clock()).isZero();
            assertThat(node.counters().idleSeconds()).isZero();
        }
    }

    @Test
    void jitterAndLatencyDrawsArePureFunctionsOfSeedNodeLinkAndRound() {
        SystemSettings system = new SystemSettings(new SystemSettings.Compute(0.1, null,
                new SystemSettings.Jitter.Lognormal(0.5), new SystemSettings.Stragglers(0.25, 3.0)),
                new SystemSettings.Network(new SystemSettings.Latency.Lognormal(0.01, 0.7), null));
        SystemModel a = SystemModel.of(system, 11, 64, 1);
        SystemModel b = SystemModel.of(system, 11, 64, 1);
        SystemModel other = SystemModel.of(system, 12, 64, 1);
        int stragglers = 0;
        double sum = 0;
        int draws = 0;
        boolean differs = false;
        for (int i = 0; i < 64; i++) {
            stragglers += a.isStraggler(i) ? 1 : 0;
            assertThat(b.isStraggler(i)).isEqualTo(a.isStraggler(i));
            for (long t = 0; t < 50; t++) {
                double x = a.computeSeconds(i, t, 0);
                assertThat(b.computeSeconds(i, t, 0)).isEqualTo(x);
                assertThat(x).isPositive();
                differs |= other.computeSeconds(i, t, 0) != x;
                if (!a.isStraggler(i)) {
                    sum += x;
                    draws++;
                }
                double arrival = a.arrival(i, (i + 1) % 64, t, 1.0);
                assertThat(b.arrival(i, (i + 1) % 64, t, 1.0)).isEqualTo(arrival);
                assertThat(arrival).isGreaterThan(1.0);
            }
        }
        assertThat(stragglers).isEqualTo(16);
        assertThat(differs).as("another seed draws other times").isTrue();
        // Log-normal jitter of mean 1: the mean step of the 48 normal nodes is ~0.1 (2,400 draws, sd ~0.053/49).
        assertThat(sum / draws).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void flopsPerSecondChargesTheGradientEvaluationsOfTheStep() {
        SystemSettings system = new SystemSettings(new SystemSettings.Compute(null, 1e9, null, null), null);
        SystemModel model = SystemModel.of(system, 1, 4, 404);
        assertThat(model.computeSeconds(0, 0, 32)).isEqualTo(32 * 404 / 1e9);
        assertThat(model.computeSeconds(0, 0, 0)).isZero();
    }

    private static SystemSettings lossy(double loss, SystemSettings.OnLoss onLoss, Double timeout) {
        return new SystemSettings(new SystemSettings.Compute(0.5, null, null, null),
                new SystemSettings.Network(new SystemSettings.Latency.Constant(0.25), null, loss, onLoss, timeout));
    }

    @Test
    void retransmissionCostsTimeAndBytesAndChangesNoBit() {
        int n = 16;
        List<NodeAlgorithm> plain = nodes(n);
        engine("torus", plain, settings(0.5, 0.25, null, true)).run(200);
        List<NodeAlgorithm> lossy = nodes(n);
        SystemSettings system = lossy(0.5, SystemSettings.OnLoss.RETRANSMIT, 2.0);
        SequentialEngine engine = engine("torus", lossy, system);
        SystemModel model = SystemModel.of(system, 7, n, 1);
        engine.runRound();
        Topology t = TopologyFactory.build(TopologySpec.of("torus", n));
        for (int i = 0; i < n; i++) {
            // Round 0: everyone computed by 0.5; the last copy to arrive was sent (attempts - 1) x 2 s late.
            int worst = 0;
            for (int j : t.matrix().rowColumns(i)) {
                if (j != i) {
                    worst = Math.max(worst, model.attempts(j, i, 0) - 1);
                }
            }
            assertThat(lossy.get(i).counters().clock()).isEqualTo(0.5 + worst * 2.0 + 0.25);
        }
        engine.run(199);
        long sent = 0;
        long plainSent = 0;
        for (int i = 0; i < n; i++) {
            assertThat(lossy.get(i).parameters()).isEqualTo(plain.get(i).parameters());
            assertThat(lossy.get(i).counters().clock()).isGreaterThan(plain.get(i).counters().clock());
            sent += lossy.get(i).counters().messagesSent();
            plainSent += plain.get(i).counters().messagesSent();
        }
        // Each copy is lost with probability 1/2: 1 / (1 - 1/2) = 2 copies per message on average
        // (12,800 messages; the ratio's sd is about 0.012).
        assertThat((double) sent / plainSent).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.06));
        assertThat(lossy.get(0).counters().bytesSent()).isEqualTo(lossy.get(0).counters().messagesSent() * BYTES);
    }

    @Test
    void skippingLostMessagesKeepsRowsStochasticButNotTheAverage() {
        int n = 16;
        // All nodes at the same point: a row-stochastic combination keeps them there.
        List<NodeAlgorithm> same = nodes(n, 0.75);
        SystemSettings skip = lossy(0.3, SystemSettings.OnLoss.SKIP, null);
        engine("ring", same, skip).run(50);
        for (NodeAlgorithm node : same) {
            for (double v : node.parameters()) {
                assertThat(v).isCloseTo(0.75, org.assertj.core.data.Offset.offset(1e-14));
            }
        }
        // Different points: the nodes still agree, but on another value than their average.
        List<NodeAlgorithm> lossless = nodes(n);
        double[] start = NodeModels.mean(lossless);
        engine("ring", lossless, settings(0.5, 0.25, null, true)).run(400);
        List<NodeAlgorithm> skipped = nodes(n);
        engine("ring", skipped, skip).run(400);
        assertThat(NodeModels.mean(lossless)[0]).isCloseTo(start[0], org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Math.abs(NodeModels.mean(skipped)[0] - start[0])).as("the average drifts").isGreaterThan(1e-6);
        double spread = 0;
        for (NodeAlgorithm node : skipped) {
            spread = Math.max(spread, Math.abs(node.parameters()[0] - NodeModels.mean(skipped)[0]));
        }
        assertThat(spread).as("consensus is still reached").isLessThan(1e-6);
        // Without loss, skip changes nothing: the same bits as the lossless run.
        List<NodeAlgorithm> zero = nodes(n);
        engine("ring", zero, lossy(0.0, SystemSettings.OnLoss.SKIP, null)).run(400);
        for (int i = 0; i < n; i++) {
            assertThat(zero.get(i).parameters()).isEqualTo(lossless.get(i).parameters());
        }
    }

    @Test
    void lossSettingsAreChecked() {
        org.junit.jupiter.api.Assertions.assertThrows(io.dlsim.topologies.settings.InvalidSettingsException.class,
                () -> lossy(0.1, SystemSettings.OnLoss.RETRANSMIT, null));
        org.junit.jupiter.api.Assertions.assertThrows(io.dlsim.topologies.settings.InvalidSettingsException.class,
                () -> lossy(1.0, SystemSettings.OnLoss.SKIP, null));
        org.junit.jupiter.api.Assertions.assertThrows(io.dlsim.topologies.settings.InvalidSettingsException.class,
                () -> lossy(0.1, SystemSettings.OnLoss.SKIP, 1.0));
    }
}
