package io.dlsim.topologies.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every generator x every rule (x laziness): the invariants DESIGN.md section 3 promises. */
class MixingRuleTest {
    private static final double SUM_TOLERANCE = 1e-12;
    private static final int TRIES = GraphGenerators.DEFAULT_MAX_TRIES;

    /** A named graph; random ones are re-generated from a fixed seed for each use. */
    record NamedGraph(String name, Supplier<Graph> graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<NamedGraph> generators() {
        return List.of(
                new NamedGraph("ring 2", () -> GraphGenerators.ring(2)),
                new NamedGraph("ring 7", () -> GraphGenerators.ring(7)),
                new NamedGraph("ring 16", () -> GraphGenerators.ring(16)),
                new NamedGraph("path 2", () -> GraphGenerators.path(2)),
                new NamedGraph("path 9", () -> GraphGenerators.path(9)),
                new NamedGraph("star 3", () -> GraphGenerators.star(3)),
                new NamedGraph("star 10", () -> GraphGenerators.star(10)),
                new NamedGraph("complete 2", () -> GraphGenerators.complete(2)),
                new NamedGraph("complete 9", () -> GraphGenerators.complete(9)),
                new NamedGraph("grid 3x5", () -> GraphGenerators.grid(3, 5)),
                new NamedGraph("grid 1x6", () -> GraphGenerators.grid(1, 6)),
                new NamedGraph("torus 3x5", () -> GraphGenerators.torus(3, 5)),
                new NamedGraph("torus 2x4", () -> GraphGenerators.torus(2, 4)),
                new NamedGraph("torus 4x4", () -> GraphGenerators.torus(4, 4)),
                new NamedGraph("hypercube 2", () -> GraphGenerators.hypercube(2)),
                new NamedGraph("hypercube 16", () -> GraphGenerators.hypercube(16)),
                new NamedGraph("exponential 12", () -> GraphGenerators.exponential(12)),
                new NamedGraph("exponential 16", () -> GraphGenerators.exponential(16)),
                new NamedGraph("exponential-directed 12", () -> GraphGenerators.exponentialDirected(12)),
                new NamedGraph("exponential-directed 16", () -> GraphGenerators.exponentialDirected(16)),
                new NamedGraph("erdos-renyi 30 p=0.2", () -> GraphGenerators.erdosRenyi(30, 0.2, new SplittableRandom(1), TRIES)),
                new NamedGraph("erdos-renyi 12 p=1", () -> GraphGenerators.erdosRenyi(12, 1.0, new SplittableRandom(2), TRIES)),
                new NamedGraph("regular 20 d=3", () -> GraphGenerators.randomRegular(20, 3, new SplittableRandom(3), TRIES)),
                new NamedGraph("regular 16 d=5", () -> GraphGenerators.randomRegular(16, 5, new SplittableRandom(4), TRIES)),
                new NamedGraph("small-world 30 k=4 beta=0.3", () -> GraphGenerators.wattsStrogatz(30, 4, 0.3, new SplittableRandom(5), TRIES)),
                new NamedGraph("small-world 20 k=6 beta=1", () -> GraphGenerators.wattsStrogatz(20, 6, 1.0, new SplittableRandom(6), TRIES)),
                new NamedGraph("erdos-renyi-directed 20 p=0.2",
                        () -> GraphGenerators.erdosRenyiDirected(20, 0.2, new SplittableRandom(7), TRIES)),
                new NamedGraph("erdos-renyi-directed 9 p=1", () -> GraphGenerators.erdosRenyiDirected(9, 1.0, new SplittableRandom(8), TRIES)));
    }

    private static final MixingRule[] DERIVED = {MixingRule.METROPOLIS_HASTINGS, MixingRule.MAX_DEGREE, MixingRule.UNIFORM,
        MixingRule.COLUMN_STOCHASTIC};
    private static final double[] ALPHAS = {1.0, 0.5, 0.9};

    static Stream<Arguments> graphRuleLaziness() {
        List<Arguments> out = new ArrayList<>();
        for (NamedGraph g : generators()) {
            boolean directed = g.graph().get().isDirected();
            for (MixingRule rule : DERIVED) {
                if (directed && rule != MixingRule.UNIFORM && rule != MixingRule.COLUMN_STOCHASTIC) {
                    continue; // refused: see directedGraphsRefuseSymmetricRules
                }
                for (double alpha : ALPHAS) {
                    out.add(Arguments.of(g, rule, alpha));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} / {1} / lazy {2}")
    @MethodSource("graphRuleLaziness")
    void everyRuleOnEveryGeneratorKeepsTheInvariants(NamedGraph named, MixingRule rule, double alpha) {
        Graph g = named.graph().get();
        int n = g.n();
        MixingMatrix base = rule.apply(g);
        MixingMatrix w = alpha == 1.0 ? base : base.lazy(alpha);
        double[][] d = w.toDense();
        double[][] b = base.toDense();

        // Graph connected (or strongly connected), checked independently of Graph.isConnected.
        assertThat(stronglyConnected(d)).as("support of W strongly connected").isTrue();
        assertThat(g.isConnected()).isTrue();

        double[] colSums = new double[n];
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int j = 0; j < n; j++) {
                double v = d[i][j];
                assertThat(v).as("W[%d][%d] non-negative", i, j).isGreaterThanOrEqualTo(0.0);
                if (i != j) {
                    // Support within edges plus diagonal, and every edge (j sends to i) is used.
                    assertThat(v > 0).as("W[%d][%d] > 0 exactly when %d -> %d is an edge", i, j, j, i)
                            .isEqualTo(g.hasEdge(j, i));
                    if (alpha != 1.0) {
                        assertThat(v).isEqualTo(alpha * b[i][j]);
                    }
                } else {
                    assertThat(v).as("self weight of %d positive (aperiodic)", i).isGreaterThan(0.0);
                }
                rowSum += v;
                colSums[j] += v;
            }
            if (rule != MixingRule.COLUMN_STOCHASTIC) {
                assertThat(rowSum).as("row %d sum", i).isCloseTo(1.0, within(SUM_TOLERANCE));
            }
            if (alpha != 1.0) {
                assertThat(d[i][i]).isCloseTo(alpha * b[i][i] + 1 - alpha, within(1e-15));
            }
        }

        boolean regular = true;
        for (int i = 0; i < n; i++) {
            regular &= g.inDegree(i) == g.degree(i) && g.degree(i) == g.degree(0);
        }
        boolean degreeWeights = rule == MixingRule.UNIFORM || rule == MixingRule.COLUMN_STOCHASTIC;
        boolean expectedPromise = !degreeWeights || regular;
        assertThat(rule.promisesDoublyStochastic(g)).isEqualTo(expectedPromise);
        if (rule == MixingRule.COLUMN_STOCHASTIC) {
            // Column j splits x_j equally among j and its out-neighbours.
            for (int j = 0; j < n; j++) {
                assertThat(colSums[j]).as("column %d sum", j).isCloseTo(1.0, within(SUM_TOLERANCE));
                for (int i : g.outNeighbours(j)) {
                    assertThat(b[i][j]).isEqualTo(1.0 / (1 + g.degree(j)));
                }
            }
            assertThat(rule.promises(g)).isEqualTo(regular ? Stochasticity.DOUBLY : Stochasticity.COLUMN);
        }
        if (expectedPromise) {
            for (int j = 0; j < n; j++) {
                assertThat(colSums[j]).as("column %d sum", j).isCloseTo(1.0, within(SUM_TOLERANCE));
            }
            assertThat(w.isDoublyStochastic(SUM_TOLERANCE)).isTrue();
        }
        if (!degreeWeights) {
            // MH and max-degree on an undirected graph: symmetric, bit for bit.
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(d[i][j]).as("W[%d][%d] = W[%d][%d]", i, j, j, i).isEqualTo(d[j][i]);
                }
            }
            assertThat(w.isSymmetric(0.0)).isTrue();
        }
        // The library's own validator agrees.
        MixingValidator.validate(w, g, rule.promises(g), named.name());
    }

    @Test
    void columnStochasticWeightsOnTheStarSplitEachValue() {
        Graph star = GraphGenerators.star(5);
        MixingMatrix w = MixingRule.COLUMN_STOCHASTIC.apply(star);
        assertThat(w.get(2, 0)).isEqualTo(0.2);   // the centre splits among itself and 4 leaves
        assertThat(w.get(0, 2)).isEqualTo(0.5);   // a leaf splits among itself and the centre
        assertThat(w.get(0, 0)).isCloseTo(0.2, within(1e-16));
        assertThat(w.rowSum(0)).isCloseTo(0.2 + 4 * 0.5, within(1e-15));
        assertThat(Stochasticity.of(w, 1e-12)).isEqualTo(Stochasticity.COLUMN);
        assertThatThrownBy(() -> MixingValidator.validate(w, star, Stochasticity.ROW, "column-stochastic"))
                .isInstanceOf(TopologyException.class).hasMessageContaining("row 0 sums to");
        MixingMatrix rows = MixingRule.UNIFORM.apply(star);
        assertThatThrownBy(() -> MixingValidator.validate(rows, star, Stochasticity.COLUMN, "uniform"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("column 0 sums to").hasMessageContaining("promises a column stochastic matrix");
        // Laziness keeps the columns, not the rows.
        MixingMatrix lazy = w.lazy(0.5);
        assertThat(Stochasticity.of(lazy, 1e-12)).isEqualTo(Stochasticity.COLUMN);
        assertThat(lazy.get(0, 2)).isEqualTo(0.25);
    }

    @Test
    void directedErdosRenyiIsStronglyConnectedWithTheRightArcDensity() {
        Graph g = GraphGenerators.erdosRenyiDirected(400, 0.05, new SplittableRandom(3), TRIES);
        assertThat(g.isDirected()).isTrue();
        assertThat(g.isConnected()).isTrue();
        // n(n-1) p = 7980 expected arcs, standard deviation ~87.
        assertThat(g.edgeCount()).isBetween(7980L - 450, 7980L + 450);
        boolean asymmetric = false;
        for (int i = 0; i < g.n() && !asymmetric; i++) {
            for (int j : g.outNeighbours(i)) {
                assertThat(j).isNotEqualTo(i);
                asymmetric |= !g.hasEdge(j, i);
            }
        }
        assertThat(asymmetric).isTrue();
        assertThat(GraphGenerators.erdosRenyiDirected(400, 0.05, new SplittableRandom(3), TRIES)).isEqualTo(g);
        // Geometric skips: linear in the arcs, so 100,000 sparse nodes are cheap.
        assertThat(GraphGenerators.erdosRenyiDirected(100_000, 2e-4, new SplittableRandom(4), TRIES).isConnected()).isTrue();
        assertThatThrownBy(() -> GraphGenerators.erdosRenyiDirected(50, 0.001, new SplittableRandom(5), 3))
                .isInstanceOf(TopologyException.class).hasMessageContaining("no strongly connected D(n=50, p=0.001) in 3 tries");
        assertThatThrownBy(() -> GraphGenerators.erdosRenyiDirected(50, 0, new SplittableRandom(5), 3))
                .isInstanceOf(TopologyException.class).hasMessageContaining("p: must be in (0, 1], got 0");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MixingRule.class, names = {"METROPOLIS_HASTINGS", "MAX_DEGREE"})
    void directedGraphsRefuseSymmetricRules(MixingRule rule) {
        Graph directed = GraphGenerators.exponentialDirected(8);
        assertThatThrownBy(() -> rule.apply(directed))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining(rule.cliName())
                .hasMessageContaining("needs an undirected graph")
                .hasMessageContaining("use 'uniform'");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("exponential-directed", 8).withMixing(rule.cliName())))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("mixing: " + rule.cliName() + " needs an undirected graph");
    }

    @Test
    void metropolisHastingsWeightsOnAStar() {
        MixingMatrix w = MixingRule.METROPOLIS_HASTINGS.apply(GraphGenerators.star(5));
        // Edge weight 1/(1 + max(4, 1)) = 1/5; centre keeps 1/5, a leaf keeps 4/5.
        assertThat(w.get(0, 3)).isEqualTo(0.2);
        assertThat(w.get(3, 0)).isEqualTo(0.2);
        assertThat(w.get(0, 0)).isCloseTo(0.2, within(1e-16));
        assertThat(w.get(3, 3)).isCloseTo(0.8, within(1e-16));
        assertThat(w.get(1, 2)).isZero();
    }

    @Test
    void maxDegreeWeightsOnAPath() {
        MixingMatrix w = MixingRule.MAX_DEGREE.apply(GraphGenerators.path(4));
        // d_max = 2: every edge 1/3; the ends keep 2/3, the middle nodes 1/3.
        assertThat(w.get(0, 1)).isEqualTo(1.0 / 3);
        assertThat(w.get(0, 0)).isCloseTo(2.0 / 3, within(1e-16));
        assertThat(w.get(1, 1)).isCloseTo(1.0 / 3, within(1e-16));
    }

    @Test
    void uniformOnAnIrregularGraphIsOnlyRowStochastic() {
        Graph star = GraphGenerators.star(5);
        MixingMatrix w = MixingRule.UNIFORM.apply(star);
        assertThat(MixingRule.UNIFORM.promisesDoublyStochastic(star)).isFalse();
        assertThat(w.get(0, 2)).isEqualTo(0.2);   // centre: 1/(1 + 4)
        assertThat(w.get(2, 0)).isEqualTo(0.5);   // leaf: 1/(1 + 1)
        assertThat(w.columnSums()[0]).isCloseTo(0.2 + 4 * 0.5, within(1e-15));
        assertThat(w.isDoublyStochastic(1e-9)).isFalse();
        assertThat(w.isSymmetric(1e-9)).isFalse();
    }

    @Test
    void uniformOnTheDirectedExponentialGraphAveragesNodeAndInNeighbours() {
        MixingMatrix w = MixingRule.UNIFORM.apply(GraphGenerators.exponentialDirected(8));
        // In-neighbours of 0 are 7, 6, 4 (0 - 1, 0 - 2, 0 - 4 mod 8); weight 1/4 each.
        assertThat(w.rowColumns(0)).containsExactly(0, 4, 6, 7);
        assertThat(w.rowWeights(0)).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(w.isDoublyStochastic(1e-15)).isTrue();
        assertThat(w.isSymmetric(1e-9)).isFalse();
    }

    @Test
    void explicitCannotBeDerived() {
        assertThatThrownBy(() -> MixingRule.EXPLICIT.apply(GraphGenerators.ring(4)))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("'explicit' takes its weights from a matrix file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"metropolis-hastings", "Metropolis-Hastings", "MAX-DEGREE", "uniform", "column-stochastic", "explicit"})
    void rulesAreLookedUpByTheirCliName(String name) {
        assertThat(MixingRule.byName(name).cliName()).isEqualToIgnoringCase(name);
    }

    @Test
    void unknownRuleListsTheKnownOnes() {
        assertThatThrownBy(() -> MixingRule.byName("metropolis"))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("mixing: unknown rule 'metropolis'")
                .hasMessageContaining("metropolis-hastings, max-degree, uniform, column-stochastic, explicit");
    }

    /** Strong connectivity of the support of a dense W, by BFS forwards and backwards. */
    private static boolean stronglyConnected(double[][] d) {
        return reachesAll(d, false) && reachesAll(d, true);
    }

    private static boolean reachesAll(double[][] d, boolean transpose) {
        int n = d.length;
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        seen[0] = true;
        q.add(0);
        int count = 1;
        while (!q.isEmpty()) {
            int u = q.poll();
            for (int v = 0; v < n; v++) {
                double e = transpose ? d[v][u] : d[u][v];
                if (!seen[v] && e > 0) {
                    seen[v] = true;
                    count++;
                    q.add(v);
                }
            }
        }
        return count == n;
    }
}
