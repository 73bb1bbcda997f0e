package io.dlsim.topologies.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlsim.topologies.TopologyException;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphGeneratorsTest {
    private static final int TRIES = GraphGenerators.DEFAULT_MAX_TRIES;

    // ---- structure -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 17, 64})
    void ringIsTheCycle(int n) {
        Graph g = GraphGenerators.ring(n);
        assertThat(g.edgeCount()).isEqualTo(n);
        assertThat(g.isRegular()).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(g.outNeighbours(i)).containsExactlyInAnyOrder((i + 1) % n, (i + n - 1) % n);
        }
        assertThat(g.isConnected()).isTrue();
        assertThat(GraphGenerators.ring(2).edgeCount()).isEqualTo(1);
    }

    @Test
    void pathStarAndComplete() {
        Graph path = GraphGenerators.path(6);
        assertThat(path.edgeCount()).isEqualTo(5);
        assertThat(path.degree(0)).isEqualTo(1);
        assertThat(path.degree(3)).isEqualTo(2);
        assertThat(path.hasEdge(5, 0)).isFalse();

        Graph star = GraphGenerators.star(7);
        assertThat(star.edgeCount()).isEqualTo(6);
        assertThat(star.outNeighbours(0)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(star.outNeighbours(4)).containsExactly(0);

        Graph k = GraphGenerators.complete(9);
        assertThat(k.edgeCount()).isEqualTo(36);
        assertThat(k.minDegree()).isEqualTo(8);
    }

    @Test
    void gridAndTorusUseRowMajorIds() {
        Graph grid = GraphGenerators.grid(3, 4);
        assertThat(grid.edgeCount()).isEqualTo(3 * 3 + 4 * 2);
        assertThat(grid.outNeighbours(5)).containsExactly(1, 4, 6, 9); // (1,1)
        assertThat(grid.outNeighbours(0)).containsExactly(1, 4);
        Graph torus = GraphGenerators.torus(3, 4);
        assertThat(torus.edgeCount()).isEqualTo(2 * 12);
        assertThat(torus.isRegular()).isTrue();
        assertThat(torus.outNeighbours(0)).containsExactly(1, 3, 4, 8);
        // A 2-row torus merges the wrap-around with the direct edge: degree 3, not 4.
        assertThat(GraphGenerators.torus(2, 5).degree(0)).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"64, 8, 8", "12, 3, 4", "13, 1, 13", "2, 1, 2", "500, 20, 25"})
    void squarestShape(int n, int rows, int cols) {
        assertThat(GraphGenerators.squarestShape(n)).containsExactly(rows, cols);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 8, 32, 256})
    void hypercubeFlipsOneBit(int n) {
        Graph g = GraphGenerators.hypercube(n);
        int k = Integer.numberOfTrailingZeros(n);
        assertThat(g.isRegular()).isTrue();
        assertThat(g.degree(0)).isEqualTo(k);
        assertThat(g.edgeCount()).isEqualTo((long) n * k / 2);
        for (int i = 0; i < n; i++) {
            for (int j : g.outNeighbours(i)) {
                assertThat(Integer.bitCount(i ^ j)).isEqualTo(1);
            }
        }
    }

    @Test
    void exponentialGraphs() {
        // n = 12: offsets +-1, +-2, +-4, +-8 = {1, 2, 4, 8, 10, 11}.
        assertThat(GraphGenerators.exponential(12).outNeighbours(0)).containsExactly(1, 2, 4, 8, 10, 11);
        // n = 16: +8 and -8 coincide, so degree 7.
        assertThat(GraphGenerators.exponential(16).degree(3)).isEqualTo(7);
        Graph d = GraphGenerators.exponentialDirected(12);
        assertThat(d.isDirected()).isTrue();
        assertThat(d.outNeighbours(0)).containsExactly(1, 2, 4, 8);
        assertThat(d.inNeighbours(0)).containsExactly(4, 8, 10, 11);
        assertThat(d.isRegular()).isTrue();
        assertThat(d.edgeCount()).isEqualTo(12 * 4);
        assertThat(d.isConnected()).isTrue();
    }

    @Test
    void erdosRenyiExtremesAndDensity() {
        assertThat(GraphGenerators.erdosRenyi(10, 1.0, new SplittableRandom(1), TRIES)).isEqualTo(GraphGenerators.complete(10));
        Graph g = GraphGenerators.erdosRenyi(200, 0.1, new SplittableRandom(1), TRIES);
        // Expected 1990 edges, standard deviation about 42.
        assertThat(g.edgeCount()).isBetween(1990L - 210, 1990L + 210);
        assertThat(g.isConnected()).isTrue();
    }

    @Test
    void erdosRenyiDrawsEveryPairWithProbabilityP() {
        // Geometric skips must reach every pair, first and last rows included: over many small
        // graphs each of the 15 pairs of 6 nodes is an edge in about a fraction p of them.
        int n = 6;
        double p = 0.7;
        int[][] hits = new int[n][n];
        int graphs = 4000;
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < graphs; t++) {
            Graph g = GraphGenerators.erdosRenyi(n, p, rng, TRIES);
            for (int i = 0; i < n; i++) {
                for (int j : g.outNeighbours(i)) {
                    hits[i][j]++;
                }
            }
        }
        // Conditioned on connectivity: 0.7036 for every pair (exact, over the 2^15 graphs); the
        // bounds are ~6 standard deviations (29 graphs) wide.
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                assertThat(hits[i][j]).as("pair %d-%d", i, j).isEqualTo(hits[j][i]).isBetween(2640, 2990);
            }
        }
    }

    @Test
    void erdosRenyiAtScaleIsLinearInNodesAndEdges() {
        // 200,000 nodes, ~1.5 million edges: one coin per pair would be 2 * 10^10 draws (minutes);
        // the skips draw once per edge.
        int n = 200_000;
        double p = 15.0 / n;
        Graph g = GraphGenerators.erdosRenyi(n, p, new SplittableRandom(7), TRIES);
        double expected = p * n * (n - 1) / 2.0;
        assertThat((double) g.edgeCount()).isBetween(expected - 6 * Math.sqrt(expected), expected + 6 * Math.sqrt(expected));
        assertThat(g.isConnected()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"10, 3", "50, 4", "31, 4", "16, 15", "2, 1", "100, 7"})
    void randomRegularIsRegularSimpleAndConnected(int n, int d) {
        Graph g = GraphGenerators.randomRegular(n, d, new SplittableRandom(n * 31L + d), TRIES);
        for (int i = 0; i < n; i++) {
            assertThat(g.degree(i)).as("degree of %d", i).isEqualTo(d);
        }
        assertThat(g.edgeCount()).isEqualTo((long) n * d / 2);
        assertThat(g.isConnected()).isTrue();
    }

    @Test
    void wattsStrogatzWithoutRewiringIsTheRingLattice() {
        Graph g = GraphGenerators.wattsStrogatz(20, 4, 0.0, new SplittableRandom(1), TRIES);
        for (int i = 0; i < 20; i++) {
            assertThat(g.outNeighbours(i)).containsExactlyInAnyOrder((i + 1) % 20, (i + 2) % 20, (i + 19) % 20, (i + 18) % 20);
        }
    }

    @Test
    void wattsStrogatzRewiringKeepsTheEdgeCount() {
        Graph g = GraphGenerators.wattsStrogatz(100, 6, 0.5, new SplittableRandom(2), TRIES);
        assertThat(g.edgeCount()).isEqualTo(300);
        assertThat(g.isConnected()).isTrue();
        // With beta = 0.5 many edges leave the lattice.
        int longRange = 0;
        for (int i = 0; i < 100; i++) {
            for (int j : g.outNeighbours(i)) {
                int dist = Math.min(Math.abs(i - j), 100 - Math.abs(i - j));
                if (dist > 3) {
                    longRange++;
                }
            }
        }
        assertThat(longRange / 2).isGreaterThan(50);
    }

    // ---- seeds -----------------------------------------------------------------------------

    static Stream<Arguments> randomGenerators() {
        return Stream.of(
                Arguments.of("erdos-renyi", (LongFunction<Graph>) s -> GraphGenerators.erdosRenyi(60, 0.1, new SplittableRandom(s), TRIES)),
                Arguments.of("regular", (LongFunction<Graph>) s -> GraphGenerators.randomRegular(60, 4, new SplittableRandom(s), TRIES)),
                Arguments.of("small-world", (LongFunction<Graph>) s -> GraphGenerators.wattsStrogatz(60, 4, 0.2, new SplittableRandom(s), TRIES)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomGenerators")
    void sameSeedSameGraphDifferentSeedDifferentGraph(String name, LongFunction<Graph> generator) {
        for (long seed : new long[] {0, 1, 42, -7}) {
            Graph a = generator.apply(seed);
            Graph b = generator.apply(seed);
            assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
            assertThat(generator.apply(seed + 1)).isNotEqualTo(a);
        }
    }

    // ---- bad inputs ------------------------------------------------------------------------

    @Test
    void fewerThanTwoNodesIsRefused() {
        assertThatThrownBy(() -> GraphGenerators.ring(1)).isInstanceOf(TopologyException.class)
                .hasMessage("nodes: must be >= 2, got 1");
        assertThatThrownBy(() -> GraphGenerators.path(0)).hasMessage("nodes: must be >= 2, got 0");
        assertThatThrownBy(() -> GraphGenerators.star(-3)).hasMessage("nodes: must be >= 2, got -3");
        assertThatThrownBy(() -> GraphGenerators.complete(1)).hasMessage("nodes: must be >= 2, got 1");
        assertThatThrownBy(() -> GraphGenerators.exponentialDirected(1)).hasMessage("nodes: must be >= 2, got 1");
        assertThatThrownBy(() -> GraphGenerators.erdosRenyi(1, 0.5, new SplittableRandom(1), TRIES))
                .hasMessage("nodes: must be >= 2, got 1");
        assertThatThrownBy(() -> GraphGenerators.wattsStrogatz(2, 2, 0.1, new SplittableRandom(1), TRIES))
                .hasMessage("nodes: must be >= 3, got 2");
        assertThatThrownBy(() -> GraphGenerators.grid(1, 1)).hasMessageContaining("must give between 2 and");
        assertThatThrownBy(() -> GraphGenerators.grid(0, 5)).hasMessage("rows: must be >= 1, got 0");
        assertThatThrownBy(() -> GraphGenerators.torus(5, -1)).hasMessage("cols: must be >= 1, got -1");
    }

    @Test
    void hypercubeNeedsAPowerOfTwo() {
        assertThatThrownBy(() -> GraphGenerators.hypercube(12)).isInstanceOf(TopologyException.class)
                .hasMessage("nodes: a hypercube needs a power of two, got 12");
    }

    @Test
    void regularNeedsAnEvenStubCountAndAValidDegree() {
        assertThatThrownBy(() -> GraphGenerators.randomRegular(7, 3, new SplittableRandom(1), TRIES))
                .isInstanceOf(TopologyException.class)
                .hasMessage("d: n*d must be even for a d-regular graph, got n=7, d=3");
        assertThatThrownBy(() -> GraphGenerators.randomRegular(7, 7, new SplittableRandom(1), TRIES))
                .hasMessage("d: must be in [1, n-1] = [1, 6], got 7");
        assertThatThrownBy(() -> GraphGenerators.randomRegular(7, 0, new SplittableRandom(1), TRIES))
                .hasMessage("d: must be in [1, n-1] = [1, 6], got 0");
        assertThatThrownBy(() -> GraphGenerators.randomRegular(6, 1, new SplittableRandom(1), TRIES))
                .hasMessageContaining("no connected simple 1-regular graph on 6 nodes")
                .hasMessageContaining("d=1 is connected only for n=2");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void probabilityOutsideZeroOneIsRefused(double p) {
        assertThatThrownBy(() -> GraphGenerators.erdosRenyi(10, p, new SplittableRandom(1), TRIES))
                .isInstanceOf(TopologyException.class)
                .hasMessage("p: must be in [0, 1], got " + p);
        assertThatThrownBy(() -> GraphGenerators.wattsStrogatz(10, 2, p, new SplittableRandom(1), TRIES))
                .isInstanceOf(TopologyException.class)
                .hasMessage("beta: must be in [0, 1], got " + p);
    }

    @Test
    void erdosRenyiBelowTheConnectivityThresholdSaysSo() {
        assertThatThrownBy(() -> GraphGenerators.erdosRenyi(50, 0.0, new SplittableRandom(1), 3))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("no connected G(n=50, p=0.0) in 3 tries")
                .hasMessageContaining("ln(n)/n = 0.0782");
    }

    @Test
    void smallWorldParametersAreValidated() {
        assertThatThrownBy(() -> GraphGenerators.wattsStrogatz(10, 3, 0.1, new SplittableRandom(1), TRIES))
                .hasMessage("k: must be even and in [2, n-1] = [2, 9], got 3");
        assertThatThrownBy(() -> GraphGenerators.wattsStrogatz(10, 10, 0.1, new SplittableRandom(1), TRIES))
                .hasMessage("k: must be even and in [2, n-1] = [2, 9], got 10");
        assertThatThrownBy(() -> GraphGenerators.wattsStrogatz(10, 4, 0.1, new SplittableRandom(1), 0))
                .hasMessage("max-tries: must be >= 1, got 0");
    }
}
