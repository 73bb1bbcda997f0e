package io.dlsim.topologies.mixing;

import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.graph.Graph;
import java.util.Arrays;

/**
 * A static topology's mixing rule re-applied to the online part of the graph (churn): node i's
 * row over itself and its online neighbours, from its own online degree and theirs, by the same
 * {@link MixingRule#row} and {@link MixingMatrix#lazyRow} that built W, so with every node online
 * it is W's row bit for bit. Metropolis–Hastings on the online subgraph is symmetric and doubly
 * stochastic (an offline node's row is e_i: it keeps its model), so gossip keeps the average of
 * the models; max-degree keeps the whole graph's d_max (no node knows the online subgraph's),
 * which keeps it doubly stochastic too; uniform is row stochastic, as on an irregular graph.
 * Needs an undirected graph and a degree-based rule. Immutable.
 */
public final class OnlineMixing {
    private final MixingRule rule;
    private final int maxDegree;
    private final double lazyAlpha;

    private OnlineMixing(MixingRule rule, int maxDegree, double lazyAlpha) {
        this.rule = rule;
        this.maxDegree = maxDegree;
        this.lazyAlpha = lazyAlpha;
    }

    /**
     * The rule of {@code topology}, to re-apply to online subgraphs.
     *
     * @throws TopologyException for a directed graph or a rule that is not a function of degrees
     */
    public static OnlineMixing of(Topology topology) {
        MixingRule rule = MixingRule.byName(topology.mixing());
        Graph graph = topology.graph();
        if (!rule.isDegreeBased() || graph.isDirected()) {
            throw new TopologyException("churn re-applies the mixing rule to the online nodes, which needs an undirected graph "
                    + "and metropolis-hastings, max-degree or uniform weights; got " + (graph.isDirected() ? "a directed graph and " : "")
                    + rule.cliName() + " weights");
        }
        return new OnlineMixing(rule, graph.maxDegree(), topology.lazyAlpha());
    }

    /**
     * Node i's row over {@code columns} (ascending: i and its online neighbours): the rule's
     * weights for an online degree of {@code columns.length - 1} and the neighbours' online degrees
     * {@code degrees} (aligned with {@code columns}; i's entry is not read), then the laziness.
     */
    public double[] row(int node, int[] columns, int[] degrees) {
        int k = columns.length - 1;
        int[] neighbourDegrees = new int[k];
        int self = -1;
        for (int m = 0, q = 0; m < columns.length; m++) {
            if (columns[m] == node) {
                self = m;
            } else {
                neighbourDegrees[q++] = degrees[m];
            }
        }
        if (self < 0) {
            throw new IllegalArgumentException("row of node " + node + ": its own column is missing from " + Arrays.toString(columns));
        }
        double[] byNeighbour = rule.row(k, neighbourDegrees, maxDegree);
        // The rule lists the neighbours, then i; W's row is in column order, i in its place.
        double[] row = new double[columns.length];
        System.arraycopy(byNeighbour, 0, row, 0, self);
        row[self] = byNeighbour[k];
        System.arraycopy(byNeighbour, self, row, self + 1, k - self);
        if (lazyAlpha != 1) {
            MixingMatrix.lazyRow(row, self, lazyAlpha);
        }
        return row;
    }
}
