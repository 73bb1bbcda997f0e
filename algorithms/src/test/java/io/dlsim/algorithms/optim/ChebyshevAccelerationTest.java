package io.dlsim.algorithms.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.engine.BatchSampler;
import io.dlsim.algorithms.engine.SequentialEngine;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.schedule.StaticSchedule;
import io.dlsim.topologies.settings.InvalidSettingsException;
import io.dlsim.topologies.spectra.Spectra;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One step of K gossip rounds with eta = 0 is pure multi-consensus: plain rounds apply W^K,
 * Chebyshev rounds P_K(W) = T_K(W / lambda) / T_K(1 / lambda); both keep the average, and the
 * Chebyshev polynomial contracts the disagreement by 1 / T_K(1 / lambda), far below lambda^K.
 */
class ChebyshevAccelerationTest {
    private static final int D = 4;
    /** eta = 0: x - 0 * g is x bit for bit, so a step is its K gossip rounds alone. */
    private static final StepSize NO_STEP = new StepSize() {
        @Override
        public String type() {
            return "zero";
        }

        @Override
        public double at(long t) {
            return 0;
        }
    };

    private static List<NodeAlgorithm> nodes(int n, int k, double chebyshevLambda) {
        return nodes(n, k, chebyshevLambda, null);
    }

    /** With {@code mode} non-null, coordinate c of node i starts at (c + 1) mode[i]; else Gaussian. */
    private static List<NodeAlgorithm> nodes(int n, int k, double chebyshevLambda, double[] mode) {
        Dataset tiny = Dataset.dense("tiny", new double[D - 1], D - 1, new double[] {0.0}, 0);
        Model model = ModelSettings.leastSquares().create(tiny);
        SplittableRandom rng = new SplittableRandom(5);
        List<NodeAlgorithm> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x0 = new double[D];
            for (int c = 0; c < D; c++) {
                x0[c] = mode == null ? rng.nextGaussian() : (c + 1) * mode[i];
            }
            NodeContext ctx = new NodeContext(i, tiny, model.copy(), new BatchSampler(1, rng.split()), 1, x0);
            out.add(new Dsgd(ctx, NO_STEP, Variant.ADAPT_THEN_COMBINE, new GossipRounds.Constant(k), chebyshevLambda));
        }
        return out;
    }

    private static double[] mean(List<NodeAlgorithm> nodes) {
        double[] m = new double[D];
        for (NodeAlgorithm node : nodes) {
            for (int c = 0; c < D; c++) {
                m[c] += node.parameters()[c] / nodes.size();
            }
        }
        return m;
    }

    private static double disagreement(List<NodeAlgorithm> nodes) {
        double[] m = mean(nodes);
        double s = 0;
        for (NodeAlgorithm node : nodes) {
            for (int c = 0; c < D; c++) {
                double e = node.parameters()[c] - m[c];
                s += e * e;
            }
        }
        return Math.sqrt(s);
    }

    /** The slowest mode of W off consensus (its eigenvector for lambda2), by power iteration on W - 11^T/n shifted. */
    private static double[] slowestMode(io.dlsim.topologies.mixing.MixingMatrix w) {
        int n = w.n();
        double[] v = new double[n];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        double[] next = new double[n];
        for (int it = 0; it < 20000; it++) {
            // (W + I) / 2 has the same eigenvectors, all eigenvalues >= 0: the top one off consensus is lambda2's.
            w.multiply(v, next);
            double mean = 0;
            for (int i = 0; i < n; i++) {
                next[i] = (next[i] + v[i]) / 2;
                mean += next[i] / n;
            }
            double norm = 0;
            for (int i = 0; i < n; i++) {
                next[i] -= mean;
                norm += next[i] * next[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                v[i] = next[i] / norm;
            }
        }
        return v;
    }

    /** T_K(x) for x >= 1. */
    private static double chebyshevT(int k, double x) {
        return Math.cosh(k * Math.log(x + Math.sqrt(x * x - 1)));
    }

    @ParameterizedTest(name = "{0} n={1} K={2}")
    @CsvSource({"ring, 16, 5", "ring, 32, 10", "torus, 36, 4", "grid, 25, 8"})
    void kChebyshevRoundsContractByOneOverTkWherePlainOnesContractByLambdaToTheK(String type, int n, int k) {
        Topology t = TopologyFactory.build(TopologySpec.of(type, n));
        double lambda = Spectra.of(t.matrix()).lambda();
        double bound = 1 / chebyshevT(k, 1 / lambda);
        // The worst case of plain gossip: the slowest mode, which K plain rounds shrink by exactly lambda^K.
        double[] mode = slowestMode(t.matrix());
        double[] ratios = new double[4];
        int r = 0;
        for (double[] init : new double[][] {mode, null}) {
            List<NodeAlgorithm> plain = nodes(n, k, 0, init);
            List<NodeAlgorithm> accelerated = nodes(n, k, lambda, init);
            double start = disagreement(plain);
            double[] mean0 = mean(plain);
            new SequentialEngine(new StaticSchedule(t.matrix(), type), plain).run(k);
            new SequentialEngine(new StaticSchedule(t.matrix(), type), accelerated).run(k);
            double plainRatio = disagreement(plain) / start;
            double chebyshevRatio = disagreement(accelerated) / start;
            ratios[r++] = plainRatio;
            ratios[r++] = chebyshevRatio;
            assertThat(plainRatio).isLessThanOrEqualTo(Math.pow(lambda, k) * (1 + 1e-9));
            assertThat(chebyshevRatio).isLessThanOrEqualTo(bound * (1 + 1e-9));
            for (double[] m : List.of(mean(plain), mean(accelerated))) {
                for (int c = 0; c < D; c++) {
                    assertThat(m[c]).isCloseTo(mean0[c], org.assertj.core.data.Offset.offset(1e-12));
                }
            }
            // Every round is a round of messages.
            assertThat(accelerated.get(0).counters().messagesSent()).isEqualTo(plain.get(0).counters().messagesSent());
        }
        System.out.printf("%s n=%d K=%d lambda=%.4f: slowest mode plain %.3g (lambda^K %.3g), chebyshev %.3g (1/T_K %.3g);"
                + " random start plain %.3g, chebyshev %.3g%n", type, n, k, lambda, ratios[0], Math.pow(lambda, k), ratios[1], bound,
                ratios[2], ratios[3]);
        assertThat(ratios[0]).as("the slowest mode shrinks by lambda^K").isCloseTo(Math.pow(lambda, k),
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(ratios[1]).as("Chebyshev on the slowest mode").isLessThan(ratios[0] / 1.3);
    }

    @Test
    void oneRoundIsPlainGossipBitForBit() {
        Topology t = TopologyFactory.build(TopologySpec.of("ring", 12));
        List<NodeAlgorithm> plain = nodes(12, 1, 0);
        List<NodeAlgorithm> accelerated = nodes(12, 1, 0.9);
        new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), plain).run(7);
        new SequentialEngine(new StaticSchedule(t.matrix(), "ring"), accelerated).run(7);
        for (int i = 0; i < 12; i++) {
            assertThat(accelerated.get(i).parameters()).isEqualTo(plain.get(i).parameters());
        }
    }

    @Test
    void lambdaIsTakenFromAStaticSymmetricSchedule() {
        Topology ring = TopologyFactory.build(TopologySpec.of("ring", 16));
        Dsgd.Settings s = new Dsgd.Settings(0.1, null, null, null, new GossipRounds.Constant(3), Acceleration.CHEBYSHEV, null);
        Dsgd.Settings resolved = (Dsgd.Settings) s.forSchedule(new StaticSchedule(ring.matrix(), "ring"));
        assertThat(resolved.chebyshevLambda()).isEqualTo(Spectra.of(ring.matrix()).lambda());
        assertThatThrownBy(() -> s.create(null, 10)).isInstanceOf(IllegalStateException.class);
        Topology directed = TopologyFactory.build(TopologySpec.of("exponential-directed", 16));
        assertThatThrownBy(() -> s.forSchedule(new StaticSchedule(directed.matrix(), "exponential-directed/uniform")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("acceleration: chebyshev needs a symmetric");
        Topology complete = TopologyFactory.build(TopologySpec.of("complete", 8));
        // The complete graph averages in one round: lambda is rounding-level, and the recursion is plain gossip.
        assertThat(((Dsgd.Settings) s.forSchedule(new StaticSchedule(complete.matrix(), "complete"))).chebyshevLambda())
                .isLessThan(1e-12);
        // A given lambda is kept; it needs the acceleration and must lie in (0, 1).
        Dsgd.Settings given = new Dsgd.Settings(0.1, null, null, null, null, Acceleration.CHEBYSHEV, 0.9);
        assertThat(given.forSchedule(new StaticSchedule(directed.matrix(), "x"))).isSameAs(given);
        assertThatThrownBy(() -> new Dsgd.Settings(0.1, null, null, null, null, null, 0.9))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("chebyshev-lambda: only with acceleration: chebyshev");
        assertThatThrownBy(() -> new Dspg.Settings(0.1, null, null, null, null, null, Acceleration.CHEBYSHEV, 1.0))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("chebyshev-lambda: must be");
    }
}
