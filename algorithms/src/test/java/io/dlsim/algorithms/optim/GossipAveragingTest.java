package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.engine.NodeModels;
import static org.assertj.core.api.Assertions.assertThat;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.engine.BatchSampler;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import io.dlsim.topologies.spectra.Spectra;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GossipAveragingTest {
    static Stream<Arguments> topologies() {
        List<Arguments> out = new ArrayList<>();
        for (String type : List.of("ring", "torus", "exponential")) {
            for (int n : new int[] {16, 25, 32, 64}) {
                out.add(Arguments.of(type, n));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("topologies")
    void preservesTheMeanAndContractsConsensusByAtMostLambdaSquaredPerRound(String type, int n) {
        Topology topology = TopologyFactory.build(TopologySpec.of(type, n));
        double lambda = Spectra.dense(topology.matrix()).lambda();
        int d = 5;
        Dataset tiny = Dataset.dense("tiny", new double[d], d, new double[] {0.0}, 0);
        Model model = ModelSettings.leastSquares().create(tiny);
        SplittableRandom rng = new SplittableRandom(n * 31L + type.length());
        List<NodeAlgorithm> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x0 = new double[model.parameterCount()];
            for (int c = 0; c < x0.length; c++) {
                x0[c] = rng.nextGaussian() * 10;
            }
            nodes.add(new GossipAveraging(new NodeContext(i, tiny, model.copy(), new BatchSampler(1, rng.split()), 1, x0)));
        }
        double[] mean0 = NodeModels.mean(nodes);
        SequentialEngine engine = new SequentialEngine(new StaticSchedule(topology.matrix(), type), nodes);
        double initial = NodeModels.squaredDistances(nodes, mean0) / nodes.size();
        double previous = initial;
        // Checked until the distance is 1e-8 of where it started: below that, rounding in the
        // differences x_i - mean (values ~10) is no longer small against the distance itself.
        int rounds = 0;
        for (; rounds < 200 && previous > 1e-8 * initial; rounds++) {
            engine.runRound();
            double[] mean = NodeModels.mean(nodes);
            for (int c = 0; c < mean.length; c++) {
                assertThat(mean[c]).isCloseTo(mean0[c], org.assertj.core.data.Offset.offset(1e-12 * (1 + Math.abs(mean0[c]))));
            }
            double now = NodeModels.squaredDistances(nodes, mean) / nodes.size();
            assertThat(now).isLessThanOrEqualTo(lambda * lambda * previous * (1 + 1e-6));
            previous = now;
        }
        assertThat(rounds).isGreaterThan(5);
        assertThat(previous).isLessThanOrEqualTo(initial * Math.pow(lambda * lambda * (1 + 1e-6), rounds));
    }
}
