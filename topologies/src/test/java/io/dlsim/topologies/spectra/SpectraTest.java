package io.dlsim.topologies.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import io.dlsim.topologies.schedule.OnePeerExponentialSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpectraTest {
    private static final double AGREE = 1e-8;

    private static MixingMatrix build(String type, int n, Map<String, String> params, String mixing) {
        return TopologyFactory.build(new TopologySpec(type, n, params, mixing, null, null, 7L)).matrix();
    }

    static Stream<Arguments> graphsUpTo500() {
        return Stream.of(
                Arguments.of("ring 500", build("ring", 500, Map.of(), null)),
                Arguments.of("ring 64", build("ring", 64, Map.of(), null)),
                Arguments.of("path 200", build("path", 200, Map.of(), null)),
                Arguments.of("path 120 max-degree", build("path", 120, Map.of(), "max-degree")),
                Arguments.of("torus 20x25", build("torus", 500, Map.of("rows", "20", "cols", "25"), null)),
                Arguments.of("grid 8x8", build("grid", 64, Map.of(), null)),
                Arguments.of("hypercube 256", build("hypercube", 256, Map.of(), null)),
                Arguments.of("regular 500 d=4", build("regular", 500, Map.of("d", "4"), null)),
                Arguments.of("regular 300 d=3 uniform", build("regular", 300, Map.of("d", "3"), "uniform")),
                Arguments.of("erdos-renyi 300 p=0.05", build("erdos-renyi", 300, Map.of("p", "0.05"), null)),
                Arguments.of("small-world 400", build("small-world", 400, Map.of("k", "4", "beta", "0.2"), null)),
                Arguments.of("star 300", build("star", 300, Map.of(), null)),
                Arguments.of("complete 50 uniform", build("complete", 50, Map.of(), "uniform")),
                Arguments.of("lazy ring 100", build("ring", 100, Map.of(), null).lazy(0.5)),
                // Non-symmetric: the Lanczos path on (W - J)^T (W - J) against the dense SVD.
                Arguments.of("exponential-directed 100", build("exponential-directed", 100, Map.of(), null)),
                Arguments.of("exponential-directed 64", build("exponential-directed", 64, Map.of(), null)),
                Arguments.of("path 150 uniform (non-symmetric)", build("path", 150, Map.of(), "uniform")),
                Arguments.of("star 40 uniform (non-symmetric)", build("star", 40, Map.of(), "uniform")),
                Arguments.of("erdos-renyi 200 uniform", build("erdos-renyi", 200, Map.of("p", "0.05"), "uniform")),
                Arguments.of("erdos-renyi-directed 400 column-stochastic",
                        build("erdos-renyi-directed", 400, Map.of("p", "0.05"), "column-stochastic")));
    }

    @Test
    void theNonSymmetricNormWaitsForTheLargestEigenvalueAlone() {
        // (W - J)^T (W - J) of a directed random graph: its largest eigenvalue (lambda^2) settles
        // long before the smallest, which sits in a dense cluster near 0; waiting for both took
        // 4,372 steps here, the largest alone takes 32.
        MixingMatrix w = build("erdos-renyi-directed", 2000, Map.of("p", "0.01"), "column-stochastic");
        SpectralSummary s = Spectra.iterative(w, 400);
        assertThat(s.converged()).as("converged within 400 steps").isTrue();
        // LAPACK's SVD of W - J (8 s at this size, so not run here) gives 0.5127645255739504; the
        // Lanczos on the complement of the ones vector that this replaced gave 0.4591.
        assertThat(s.lambda()).isCloseTo(0.5127645255739504, within(1e-10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphsUpTo500")
    void lanczosAgreesWithDense(String name, MixingMatrix w) {
        SpectralSummary dense = Spectra.dense(w);
        SpectralSummary lanczos = Spectra.iterative(w);
        assertThat(lanczos.method()).isEqualTo("lanczos");
        assertThat(lanczos.converged()).as("converged").isTrue();
        assertThat(lanczos.symmetric()).isEqualTo(dense.symmetric());
        assertThat(lanczos.lambda()).isCloseTo(dense.lambda(), within(AGREE));
        assertThat(lanczos.spectralGap()).isCloseTo(dense.spectralGap(), within(AGREE));
        if (dense.symmetric()) {
            assertThat(lanczos.lambda2()).isCloseTo(dense.lambda2(), within(AGREE));
            assertThat(lanczos.lambdaMin()).isCloseTo(dense.lambdaMin(), within(AGREE));
        } else {
            assertThat(lanczos.lambda2()).isNaN();
            assertThat(dense.lambda2()).isNaN();
        }
    }

    static Stream<Arguments> circulants() {
        OnePeerExponentialSchedule onePeer = new OnePeerExponentialSchedule(24);
        return Stream.of(
                Arguments.of("ring 3", build("ring", 3, Map.of(), null)),
                Arguments.of("ring 97", build("ring", 97, Map.of(), null)),
                Arguments.of("ring 100 lazy 0.3", build("ring", 100, Map.of(), null).lazy(0.3)),
                Arguments.of("exponential 50", build("exponential", 50, Map.of(), null)),
                Arguments.of("exponential 64 max-degree", build("exponential", 64, Map.of(), "max-degree")),
                Arguments.of("exponential-directed 64", build("exponential-directed", 64, Map.of(), null)),
                Arguments.of("exponential-directed 37", build("exponential-directed", 37, Map.of(), null)),
                Arguments.of("complete 30 uniform", build("complete", 30, Map.of(), "uniform")),
                Arguments.of("torus 1x12", build("torus", 12, Map.of("rows", "1", "cols", "12"), null)),
                Arguments.of("one-peer W(0) n=24", onePeer.at(0)),
                Arguments.of("one-peer W(3) n=24", onePeer.at(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("circulants")
    void circulantFormulaEqualsDense(String name, MixingMatrix w) {
        SpectralSummary c = Spectra.circulant(w);
        SpectralSummary d = Spectra.dense(w);
        assertThat(c).as("recognised as circulant").isNotNull();
        assertThat(c.method()).isEqualTo("circulant");
        assertThat(c.symmetric()).isEqualTo(d.symmetric());
        assertThat(c.lambda()).isCloseTo(d.lambda(), within(1e-12));
        if (d.symmetric()) {
            assertThat(c.lambda2()).isCloseTo(d.lambda2(), within(1e-12));
            assertThat(c.lambdaMin()).isCloseTo(d.lambdaMin(), within(1e-12));
        }
    }

    static Stream<Arguments> nonCirculants() {
        return Stream.of(
                Arguments.of("path 10", build("path", 10, Map.of(), null)),
                Arguments.of("star 10", build("star", 10, Map.of(), null)),
                Arguments.of("grid 4x4", build("grid", 16, Map.of(), null)),
                // Regular with equal weights, yet not circulant in this labelling.
                Arguments.of("torus 4x5", build("torus", 20, Map.of("rows", "4", "cols", "5"), null)),
                Arguments.of("hypercube 16", build("hypercube", 16, Map.of(), null)),
                Arguments.of("regular 40 d=4", build("regular", 40, Map.of("d", "4"), null)),
                Arguments.of("erdos-renyi 30", build("erdos-renyi", 30, Map.of("p", "0.3"), null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonCirculants")
    void circulantReturnsNullForNonCirculant(String name, MixingMatrix w) {
        assertThat(Spectra.circulant(w)).isNull();
    }

    @Test
    void circulantRejectsEqualRowPatternsWithDifferentWeights() {
        // Every row has the ring's pattern, but row 1 weighs its neighbours differently.
        double[][] d = build("ring", 6, Map.of(), null).toDense();
        d[1][0] = 0.25;
        d[1][2] = 0.25;
        d[1][1] = 0.5;
        assertThat(Spectra.circulant(MixingMatrix.fromDense(d))).isNull();
    }

    @Test
    void ofPicksDenseThenCirculantOrTridiagonalThenLanczos() {
        assertThat(Spectra.of(build("path", Spectra.DENSE_MAX_NODES, Map.of(), null)).method()).isEqualTo("dense-eigen");
        assertThat(Spectra.of(build("exponential-directed", 16, Map.of(), null)).method()).isEqualTo("dense-svd");
        MixingMatrix bigRing = build("ring", 600, Map.of(), null);
        SpectralSummary ring = Spectra.of(bigRing);
        assertThat(ring.method()).isEqualTo("circulant");
        assertThat(ring.lambda2()).isCloseTo(1.0 / 3 + 2.0 / 3 * Math.cos(2 * Math.PI / 600), within(1e-14));
        SpectralSummary path = Spectra.of(build("path", 600, Map.of(), null));
        assertThat(path.method()).isEqualTo("tridiagonal");
        // Path with MH weights: W = I - L/3 with L the path Laplacian, eigenvalues 1 - (2/3)(1 - cos(pi k/n)).
        assertThat(path.lambda2()).isCloseTo(1 - 2.0 / 3 * (1 - Math.cos(Math.PI / 600)), within(AGREE));
        // Lanczos on the same path agrees; a torus is neither circulant nor tridiagonal.
        assertThat(Spectra.iterative(build("path", 600, Map.of(), null)).lambda2()).isCloseTo(path.lambda2(), within(AGREE));
        assertThat(Spectra.of(build("torus", 600, Map.of(), null)).method()).isEqualTo("lanczos");
    }

    @Test
    void summaryQuantitiesFollowTheDefinitions() {
        SpectralSummary s = Spectra.dense(build("ring", 10, Map.of(), null));
        // Ring 10: lambda2 = 1/3 + 2/3 cos(pi/5), lambdaMin = 1/3 - 2/3 = -1/3.
        double l2 = 1.0 / 3 + 2.0 / 3 * Math.cos(Math.PI / 5);
        assertThat(s.lambda2()).isCloseTo(l2, within(1e-12));
        assertThat(s.lambdaMin()).isCloseTo(-1.0 / 3, within(1e-12));
        assertThat(s.lambda()).isCloseTo(l2, within(1e-12));
        assertThat(s.spectralGap()).isCloseTo(1 - l2, within(1e-12));
        assertThat(s.spectralGapSquared()).isCloseTo(1 - l2 * l2, within(1e-12));

        // lambda = |lambdaMin| when the most negative eigenvalue dominates: K_{3,3} with MH
        // weights is W = (I + A)/4 with eigenvalues 1, 1/4 (four times) and -1/2.
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (int b = 3; b < 6; b++) {
                edges.add(new int[] {a, b});
            }
        }
        SpectralSummary bip = Spectra.dense(MixingRule.METROPOLIS_HASTINGS.apply(Graph.undirected(6, edges)));
        assertThat(bip.lambda2()).isCloseTo(0.25, within(1e-12));
        assertThat(bip.lambdaMin()).isCloseTo(-0.5, within(1e-12));
        assertThat(bip.lambda()).isCloseTo(0.5, within(1e-12));
        assertThat(bip.spectralGap()).isCloseTo(0.5, within(1e-12));
        assertThat(bip.spectralGapSquared()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void nonSymmetricLambdaIsTheNormOfTheDeflatedMatrix() {
        // W = [[1, 0], [1/2, 1/2]]: W - J = [[1/2, -1/2], [0, 0]], whose norm is 1/sqrt(2).
        MixingMatrix w = MixingMatrix.fromDense(new double[][] {{1, 0}, {0.5, 0.5}});
        SpectralSummary d = Spectra.dense(w);
        assertThat(d.symmetric()).isFalse();
        assertThat(d.method()).isEqualTo("dense-svd");
        assertThat(d.lambda()).isCloseTo(Math.sqrt(0.5), within(1e-14));
        assertThat(Spectra.iterative(w).lambda()).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(d.spectralGapSquared()).isCloseTo(0.5, within(1e-14));
    }

    @Test
    void lanczosReportsNonConvergenceAtTheIterationLimit() {
        MixingMatrix w = build("path", 400, Map.of(), null);
        SpectralSummary s = Spectra.iterative(w, 5);
        assertThat(s.converged()).isFalse();
        // The extreme Ritz values after 5 steps are inside the spectrum, so lambda2 is too small.
        assertThat(s.lambda2()).isLessThan(Spectra.dense(w).lambda2());
    }

    @Test
    void tenThousandNodeRingAndRandomRegularByLanczos() {
        int n = 10_000;
        MixingMatrix ring = MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.ring(n));
        long t0 = System.nanoTime();
        SpectralSummary r = Spectra.iterative(ring);
        long ringMs = (System.nanoTime() - t0) / 1_000_000;
        double exact = 1.0 / 3 + 2.0 / 3 * Math.cos(2 * Math.PI / n);
        double error = Math.abs(r.lambda2() - exact);
        System.out.printf("Lanczos ring n=%d: %d ms, lambda2=%.17g, closed form=%.17g, |error|=%.3g, "
                + "1-lambda2 relative error=%.3g%n", n, ringMs, r.lambda2(), exact, error, error / (1 - exact));
        assertThat(r.converged()).isTrue();
        assertThat(r.lambda2()).isCloseTo(exact, within(1e-12));
        assertThat(r.lambdaMin()).isCloseTo(1.0 / 3 - 2.0 / 3, within(1e-12));
        // The exact circulant formula agrees as well.
        assertThat(Spectra.circulant(ring).lambda2()).isCloseTo(exact, within(1e-14));

        Graph regular = GraphGenerators.randomRegular(n, 4, new SplittableRandom(42), GraphGenerators.DEFAULT_MAX_TRIES);
        MixingMatrix w = MixingRule.METROPOLIS_HASTINGS.apply(regular);
        t0 = System.nanoTime();
        SpectralSummary s = Spectra.iterative(w);
        long regularMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("Lanczos random 4-regular n=%d: %d ms, lambda2=%.12f, lambdaMin=%.12f%n",
                n, regularMs, s.lambda2(), s.lambdaMin());
        assertThat(s.converged()).isTrue();
        // W = (I + A) / 5; a random 4-regular graph is nearly Ramanujan (Friedman 2008): its
        // non-trivial adjacency eigenvalues lie within 2 sqrt(3) + o(1) of 0, and Alon-Boppana
        // says lambda2(A) cannot be much below 2 sqrt(3).
        double ramanujan = 2 * Math.sqrt(3);
        assertThat(s.lambda2()).isCloseTo((1 + ramanujan) / 5, within(0.01));
        assertThat(s.lambdaMin()).isCloseTo((1 - ramanujan) / 5, within(0.01));
        // Independent lower bound: the Rayleigh quotient of W on any vector orthogonal to 1 is
        // at most lambda2. A few power steps on W + I (positive definite here) make it tight-ish.
        double[] x = new double[n];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() - 0.5;
        }
        double[] y = new double[n];
        for (int it = 0; it < 200; it++) {
            Spectra.projectOutMean(x);
            w.multiply(x, y);
            for (int i = 0; i < n; i++) {
                y[i] += x[i];
            }
            double norm = Math.sqrt(dot(y, y));
            for (int i = 0; i < n; i++) {
                x[i] = y[i] / norm;
            }
        }
        Spectra.projectOutMean(x);
        w.multiply(x, y);
        double rayleigh = dot(x, y) / dot(x, x);
        System.out.printf("power-method Rayleigh quotient (lower bound of lambda2): %.12f%n", rayleigh);
        assertThat(rayleigh).isLessThanOrEqualTo(s.lambda2() + 1e-12).isGreaterThan(s.lambda2() - 0.02);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
