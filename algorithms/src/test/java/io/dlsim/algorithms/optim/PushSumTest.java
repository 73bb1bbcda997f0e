package io.dlsim.algorithms.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.engine.BatchSampler;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.mixing.Stochasticity;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Push-sum on directed graphs whose in- and out-degrees differ, so no derived W is doubly
 * stochastic: push-sum reaches the exact average of the initial values, plain gossip with the
 * same column-stochastic weights does not even agree, and plain gossip with row-stochastic
 * weights agrees on a biased point.
 */
class PushSumTest {
    private static final int N = 24;
    private static final int D = 6;

    private static Topology directed(String mixing, long seed) {
        return TopologyFactory.build(new TopologySpec("erdos-renyi-directed", N, Map.of("p", "0.15"), mixing, null, null, seed));
    }

    /** Nodes with Gaussian initial values (scale 10), the same for every algorithm given the seed. */
    private static List<NodeAlgorithm> nodes(Function<NodeContext, NodeAlgorithm> algorithm, long seed) {
        Dataset tiny = Dataset.dense("tiny", new double[D - 1], D - 1, new double[] {0.0}, 0);
        Model model = ModelSettings.leastSquares().create(tiny);
        SplittableRandom rng = new SplittableRandom(seed);
        List<NodeAlgorithm> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            double[] x0 = new double[model.parameterCount()];
            for (int c = 0; c < x0.length; c++) {
                x0[c] = rng.nextGaussian() * 10;
            }
            out.add(algorithm.apply(new NodeContext(i, tiny, model.copy(), new BatchSampler(1, rng.split()), 1, x0)));
        }
        return out;
    }

    private static double[] mean(List<NodeAlgorithm> nodes) {
        double[] m = new double[nodes.get(0).parameters().length];
        for (NodeAlgorithm node : nodes) {
            for (int c = 0; c < m.length; c++) {
                m[c] += node.parameters()[c] / nodes.size();
            }
        }
        return m;
    }

    /** max_i max_c |z_i[c] - target[c]|. */
    private static double maxError(List<NodeAlgorithm> nodes, double[] target) {
        double e = 0;
        for (NodeAlgorithm node : nodes) {
            for (int c = 0; c < target.length; c++) {
                e = Math.max(e, Math.abs(node.parameters()[c] - target[c]));
            }
        }
        return e;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void pushSumReachesTheExactAverageWherePlainGossipIsBiased(long seed) {
        Topology column = directed("column-stochastic", seed);
        assertThat(column.promised()).isEqualTo(Stochasticity.COLUMN);
        assertThat(column.graph().isRegular()).isFalse();
        List<NodeAlgorithm> pushSum = nodes(PushSum::new, seed);
        double[] average = mean(pushSum);
        new SequentialEngine(new StaticSchedule(column.matrix(), "push-sum"), pushSum).run(300);
        assertThat(maxError(pushSum, average)).as("push-sum: max |z_i - average|").isLessThanOrEqualTo(1e-12);
        double weightSum = 0;
        for (NodeAlgorithm node : pushSum) {
            weightSum += ((PushSum) node).weight();
        }
        assertThat(weightSum).isCloseTo(N, org.assertj.core.data.Offset.offset(1e-10));

        // Plain gossip x <- W x with the same weights keeps the sum but tends to n v_i times the
        // average: the nodes do not agree.
        List<NodeAlgorithm> plain = nodes(GossipAveraging::new, seed);
        new SequentialEngine(new StaticSchedule(column.matrix(), "plain"), plain).run(300);
        assertThat(maxError(plain, average)).as("plain gossip, column weights").isGreaterThan(1e-2);
        assertThat(maxError(plain, mean(plain))).as("no consensus").isGreaterThan(1e-2);

        // Plain gossip with row-stochastic (uniform) weights on the same graph agrees, on the
        // Perron-weighted average instead of the average.
        Topology row = directed("uniform", seed);
        assertThat(row.graph()).isEqualTo(column.graph());
        List<NodeAlgorithm> rowGossip = nodes(GossipAveraging::new, seed);
        new SequentialEngine(new StaticSchedule(row.matrix(), "uniform"), rowGossip).run(300);
        double[] agreed = rowGossip.get(0).parameters().clone();
        assertThat(maxError(rowGossip, agreed)).as("row weights: consensus").isLessThanOrEqualTo(1e-10);
        assertThat(maxError(rowGossip, average)).as("row weights: biased").isGreaterThan(1e-2);
        System.out.printf("push-sum on erdos-renyi-directed(n=%d, p=0.15, seed %d), 300 rounds, max |z_i - average|:"
                + " push-sum %.2g; plain gossip, column weights %.2g; plain gossip, uniform row weights %.2g%n",
                N, seed, maxError(pushSum, average), maxError(plain, average), maxError(rowGossip, average));
    }

    @Test
    void onADoublyStochasticMatrixPushSumIsPlainGossip() {
        Topology ring = TopologyFactory.build(TopologySpec.of("ring", N));
        List<NodeAlgorithm> pushSum = nodes(PushSum::new, 7);
        List<NodeAlgorithm> plain = nodes(GossipAveraging::new, 7);
        new SequentialEngine(new StaticSchedule(ring.matrix(), "ring"), pushSum).run(50);
        new SequentialEngine(new StaticSchedule(ring.matrix(), "ring"), plain).run(50);
        for (int i = 0; i < N; i++) {
            double w = ((PushSum) pushSum.get(i)).weight();
            assertThat(w).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-14));
            for (int c = 0; c < D; c++) {
                assertThat(pushSum.get(i).parameters()[c])
                        .isCloseTo(plain.get(i).parameters()[c], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        assertThat(pushSum.get(0).counters().bytesSent()).isEqualTo(plain.get(0).counters().bytesSent() / D * (D + 1));
    }
}
