package io.dlsim.topologies.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spectra of topologies whose eigenvalues are known in closed form (DESIGN.md section 8), all
 * built through {@link TopologyFactory#build} so the registry path is what is tested.
 */
class ClosedFormSpectraTest {
    private static final double EXACT = 1e-12;

    static IntStream ringSizes() {
        return IntStream.rangeClosed(3, 64);
    }

    @ParameterizedTest(name = "ring n={0}")
    @MethodSource("ringSizes")
    void ringWithWeightsOneThirdHasCosineSpectrum(int n) {
        Topology t = TopologyFactory.build(TopologySpec.of("ring", n));
        MixingMatrix w = t.matrix();
        // Metropolis-Hastings on a ring is exactly 1/3 on both neighbours and the node itself.
        for (int i = 0; i < n; i++) {
            assertThat(w.get(i, (i + 1) % n)).isEqualTo(1.0 / 3);
            assertThat(w.get(i, (i + n - 1) % n)).isEqualTo(1.0 / 3);
            assertThat(w.get(i, i)).isCloseTo(1.0 / 3, within(1e-16));
        }
        double[] expected = new double[n];
        for (int k = 0; k < n; k++) {
            expected[k] = 1.0 / 3 + 2.0 / 3 * Math.cos(2 * Math.PI * k / n);
        }
        double expectedLambda2 = Arrays.stream(expected, 1, n).max().orElseThrow();
        double expectedMin = Arrays.stream(expected).min().orElseThrow();
        Arrays.sort(expected);

        SpectralSummary s = Spectra.dense(w);
        assertThat(s.symmetric()).isTrue();
        assertThat(s.lambda2()).isCloseTo(expectedLambda2, within(EXACT));
        assertThat(s.lambdaMin()).isCloseTo(expectedMin, within(EXACT));
        assertThat(s.lambda()).isCloseTo(Math.max(Math.abs(expectedLambda2), Math.abs(expectedMin)), within(EXACT));
        assertThat(Eigenvalues.maxDifference(Eigenvalues.of(w), expected)).isLessThan(EXACT);
    }

    @ParameterizedTest(name = "complete n={0}")
    @CsvSource({"2", "3", "5", "16", "64", "100"})
    void completeGraphWithUniformWeightsHasLambdaZero(int n) {
        Topology t = TopologyFactory.build(TopologySpec.of("complete", n).withMixing("uniform"));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(t.matrix().get(i, j)).isCloseTo(1.0 / n, within(1e-16));
            }
        }
        SpectralSummary s = Spectra.dense(t.matrix());
        assertThat(s.lambda()).isCloseTo(0.0, within(EXACT));
        assertThat(s.spectralGap()).isCloseTo(1.0, within(EXACT));
        double[] ev = Eigenvalues.of(t.matrix());
        assertThat(ev[n - 1]).isCloseTo(1.0, within(EXACT));
        for (int i = 0; i < n - 1; i++) {
            assertThat(ev[i]).isCloseTo(0.0, within(EXACT));
        }
    }

    @ParameterizedTest(name = "hypercube 2^{0}")
    @CsvSource({"1", "2", "3", "4", "5", "6", "7"})
    void hypercubeWithMetropolisHastingsHasBinomialSpectrum(int k) {
        int n = 1 << k;
        Topology t = TopologyFactory.build(TopologySpec.of("hypercube", n));
        MixingMatrix w = t.matrix();
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < k; b++) {
                assertThat(w.get(i, i ^ (1 << b))).isEqualTo(1.0 / (k + 1));
            }
        }
        // Eigenvalue 1 - 2j/(k+1) with multiplicity C(k, j), j = 0..k.
        double[] expected = new double[n];
        int p = 0;
        for (int j = 0; j <= k; j++) {
            long mult = binomial(k, j);
            for (long m = 0; m < mult; m++) {
                expected[p++] = 1 - 2.0 * j / (k + 1);
            }
        }
        Arrays.sort(expected);
        assertThat(Eigenvalues.maxDifference(Eigenvalues.of(w), expected)).isLessThan(EXACT);
        SpectralSummary s = Spectra.dense(w);
        assertThat(s.lambda2()).isCloseTo(1 - 2.0 / (k + 1), within(EXACT));
        assertThat(s.lambdaMin()).isCloseTo(1 - 2.0 * k / (k + 1), within(EXACT));
    }

    @ParameterizedTest(name = "torus {0} x {1}")
    @CsvSource({"3, 3", "3, 4", "4, 4", "4, 6", "5, 7", "8, 8", "3, 10", "6, 9"})
    void torusWithMetropolisHastingsHasSumOfCosines(int rows, int cols) {
        int n = rows * cols;
        Topology t = TopologyFactory.build(new TopologySpec("torus", n,
                Map.of("rows", Integer.toString(rows), "cols", Integer.toString(cols)), null, null, null, 0L));
        MixingMatrix w = t.matrix();
        assertThat(t.graph().isRegular()).isTrue();
        assertThat(t.graph().degree(0)).isEqualTo(4);
        assertThat(w.get(0, 1)).isEqualTo(1.0 / 5);
        assertThat(w.get(0, cols)).isEqualTo(1.0 / 5);
        double[] expected = new double[n];
        double lambda2 = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        int p = 0;
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b < cols; b++) {
                double mu = 1.0 / 5 + 2.0 / 5 * Math.cos(2 * Math.PI * a / rows) + 2.0 / 5 * Math.cos(2 * Math.PI * b / cols);
                expected[p++] = mu;
                if (a != 0 || b != 0) {
                    lambda2 = Math.max(lambda2, mu);
                }
                min = Math.min(min, mu);
            }
        }
        Arrays.sort(expected);
        assertThat(Eigenvalues.maxDifference(Eigenvalues.of(w), expected)).isLessThan(EXACT);
        SpectralSummary s = Spectra.dense(w);
        assertThat(s.lambda2()).isCloseTo(lambda2, within(EXACT));
        assertThat(s.lambdaMin()).isCloseTo(min, within(EXACT));
    }

    static Stream<Arguments> zhuEtAl() {
        // Zhu, Hu, Tao, Wen, Wang and Liu, "Topology-aware generalization of decentralized SGD",
        // ICML 2022: the lambda of their four 64-node mixing matrices.
        return Stream.of(
                Arguments.of(TopologySpec.of("ring", 64).withMixing("metropolis-hastings"), 0.9968),
                Arguments.of(new TopologySpec("grid", 64, Map.of("rows", "8", "cols", "8"), "metropolis-hastings",
                        null, null, 0L), 0.9677),
                Arguments.of(TopologySpec.of("exponential-directed", 64), 0.7143),
                Arguments.of(TopologySpec.of("complete", 64).withMixing("uniform"), 0.0));
    }

    @ParameterizedTest(name = "{0} -> lambda {1}")
    @MethodSource("zhuEtAl")
    void zhuEtAlSixtyFourNodeMatricesHaveThePublishedLambda(TopologySpec spec, double published) {
        Topology t = TopologyFactory.build(spec);
        assertThat(t.matrix().n()).isEqualTo(64);
        SpectralSummary s = Spectra.dense(t.matrix());
        // "To 4 decimals": rounding lambda to 4 places gives the published number.
        assertThat(Math.round(s.lambda() * 1e4) / 1e4).isEqualTo(published);
        assertThat(s.lambda()).isCloseTo(published, within(5e-5));
    }

    @Test
    void exponentialDirectedDefaultIsUniformOverNodeAndOutNeighbours() {
        Topology t = TopologyFactory.build(TopologySpec.of("exponential-directed", 64));
        assertThat(t.mixing()).isEqualTo("uniform");
        // 6 offsets 1, 2, 4, ..., 32 plus the node itself: every weight 1/7, so lambda = 5/7.
        for (int i = 0; i < 64; i++) {
            assertThat(t.matrix().rowColumns(i)).hasSize(7);
            assertThat(t.matrix().get(i, (i + 64 - 32) % 64)).isEqualTo(1.0 / 7);
        }
        assertThat(Spectra.dense(t.matrix()).lambda()).isCloseTo(5.0 / 7, within(1e-12));
    }

    private static long binomial(int n, int k) {
        long r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }

    @ParameterizedTest(name = "path n={0}, {1}")
    @CsvSource({"2, metropolis-hastings", "3, metropolis-hastings", "17, metropolis-hastings", "200, metropolis-hastings",
            "200, max-degree", "513, metropolis-hastings"})
    void aPathIsTridiagonalAndItsBisectionMatchesLapack(int n, String mixing) {
        MixingMatrix w = TopologyFactory.build(TopologySpec.of("path", n).withMixing(mixing)).matrix();
        SpectralSummary bisection = Spectra.tridiagonal(w);
        SpectralSummary dense = Spectra.dense(w);
        assertThat(bisection.method()).isEqualTo("tridiagonal");
        assertThat(bisection.lambda2()).isCloseTo(dense.lambda2(), within(EXACT));
        assertThat(bisection.lambdaMin()).isCloseTo(dense.lambdaMin(), within(EXACT));
    }

    @ParameterizedTest(name = "path n={0}")
    @CsvSource({"1000", "100000", "1000000"})
    void aLargePathHasTheCosineSpectrumByBisection(int n) {
        // Metropolis-Hastings on a path is I - L/3 (every edge 1/3), and the path Laplacian's
        // eigenvalues are 2 - 2 cos(pi k / n): lambda2 = 1 - (2/3)(1 - cos(pi / n)).
        MixingMatrix w = TopologyFactory.build(TopologySpec.of("path", n)).matrix();
        SpectralSummary s = Spectra.of(w);
        assertThat(s.method()).isEqualTo("tridiagonal");
        double gap = 2.0 / 3 * 2 * Math.pow(Math.sin(Math.PI / (2.0 * n)), 2);
        assertThat(s.lambda2()).isCloseTo(1 - gap, within(4 * Math.ulp(1.0)));
        assertThat(s.lambdaMin()).isCloseTo(1 - 2.0 / 3 * (1 - Math.cos(Math.PI * (n - 1) / n)), within(1e-14));
    }

    @Test
    void aMatrixThatIsNotTridiagonalIsLeftToTheOtherMethods() {
        assertThat(Spectra.tridiagonal(TopologyFactory.build(TopologySpec.of("ring", 600)).matrix())).isNull();
        assertThat(Spectra.tridiagonal(TopologyFactory.build(TopologySpec.of("star", 600)).matrix())).isNull();
    }
}
