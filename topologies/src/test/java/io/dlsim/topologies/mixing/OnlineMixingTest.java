package io.dlsim.topologies.mixing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OnlineMixingTest {
    private static Topology build(String type, int n, String rule, Double lazy, Double targetGap) {
        Map<String, String> params = switch (type) {
            case "erdos-renyi", "erdos-renyi-directed" -> Map.of("p", "0.2");
            case "small-world" -> Map.of("k", "4", "beta", "0.3");
            default -> Map.of();
        };
        return TopologyFactory.build(new TopologySpec(type, n, params, rule, lazy, targetGap, 3));
    }

    /** The degrees of every column of node i's row, read from the graph (everybody online). */
    private static int[] degrees(Graph g, int[] columns) {
        int[] d = new int[columns.length];
        for (int m = 0; m < columns.length; m++) {
            d[m] = g.degree(columns[m]);
        }
        return d;
    }

    @ParameterizedTest(name = "{0} {2} lazy {3} target-gap {4}")
    @CsvSource(nullValues = "-", value = {
        "ring, 16, metropolis-hastings, -, -",
        "grid, 20, metropolis-hastings, -, -",
        "star, 9, metropolis-hastings, -, -",
        "erdos-renyi, 30, metropolis-hastings, -, -",
        "small-world, 24, max-degree, -, -",
        "grid, 20, max-degree, 0.5, -",
        "torus, 16, uniform, -, -",
        "grid, 20, uniform, -, -",
        "ring, 16, metropolis-hastings, 0.3, -",
        "ring, 16, metropolis-hastings, -, 0.01",
        "complete, 12, metropolis-hastings, -, -",
    })
    void withEveryNodeOnlineEachRowIsWsRowBitForBit(String type, int n, String rule, Double lazy, Double gap) {
        Topology t = build(type, n, rule, lazy, gap);
        OnlineMixing mixing = OnlineMixing.of(t);
        for (int i = 0; i < n; i++) {
            int[] cols = t.matrix().rowColumns(i);
            assertThat(mixing.row(i, cols, degrees(t.graph(), cols))).as("row %d", i).isEqualTo(t.matrix().rowWeights(i));
        }
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({"grid, 25, metropolis-hastings", "erdos-renyi, 40, metropolis-hastings", "small-world, 30, max-degree",
        "star, 11, metropolis-hastings"})
    void onTheOnlineSubgraphTheRuleStaysSymmetricAndDoublyStochastic(String type, int n, String rule) {
        Topology t = build(type, n, rule, null, null);
        Graph g = t.graph();
        OnlineMixing mixing = OnlineMixing.of(t);
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            boolean[] online = new boolean[n];
            for (int i = 0; i < n; i++) {
                online[i] = rng.nextDouble() < 0.7;
            }
            int[] onlineDegree = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j : g.inNeighbours(i)) {
                    if (online[j]) {
                        onlineDegree[i]++;
                    }
                }
            }
            double[][] w = new double[n][n];
            for (int i = 0; i < n; i++) {
                if (!online[i]) {
                    w[i][i] = 1; // an offline node keeps its model
                    continue;
                }
                List<Integer> cols = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (j == i || online[j] && g.hasEdge(i, j)) {
                        cols.add(j);
                    }
                }
                int[] c = cols.stream().mapToInt(Integer::intValue).toArray();
                int[] d = new int[c.length];
                for (int m = 0; m < c.length; m++) {
                    d[m] = onlineDegree[c[m]];
                }
                double[] row = mixing.row(i, c, d);
                for (int m = 0; m < c.length; m++) {
                    assertThat(row[m]).isGreaterThanOrEqualTo(0);
                    w[i][c[m]] = row[m];
                }
            }
            for (int i = 0; i < n; i++) {
                double rowSum = 0;
                double colSum = 0;
                for (int j = 0; j < n; j++) {
                    rowSum += w[i][j];
                    colSum += w[j][i];
                    assertThat(w[i][j]).isEqualTo(w[j][i]);
                }
                assertThat(rowSum).isCloseTo(1, within(1e-12));
                assertThat(colSum).isCloseTo(1, within(1e-12));
            }
        }
    }

    @Test
    void aRuleThatIsNotAFunctionOfDegreesOrADirectedGraphIsRefused() {
        assertThatThrownBy(() -> OnlineMixing.of(build("erdos-renyi-directed", 12, "column-stochastic", null, null)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("undirected graph");
        assertThatThrownBy(() -> OnlineMixing.of(build("exponential-directed", 16, "uniform", null, null)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("directed graph");
    }
}
