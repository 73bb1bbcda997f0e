package io.dlsim.topologies.mixing;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.graph.Graph;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Rules that derive a mixing matrix W from a graph. Every rule gives a non-negative W whose
 * support lies within the edges plus the diagonal and whose rows sum to 1 (the self weight is
 * "the rest of the row", so up to one rounding), except {@link #COLUMN_STOCHASTIC}, whose
 * columns sum to 1 (the self weight is the rest of the column). {@link #promises} says which.
 */
public enum MixingRule {
    /**
     * Metropolis–Hastings weights (Xiao, Boyd and Lall, IPSN 2005):
     * {@code W[i][j] = 1 / (1 + max(deg_i, deg_j))} on edges, {@code W[i][i] = 1 - sum_j W[i][j]}.
     * Symmetric and doubly stochastic on every undirected graph.
     */
    METROPOLIS_HASTINGS("metropolis-hastings", true),
    /**
     * Max-degree weights: {@code W[i][j] = 1 / (1 + d_max)} on edges, self weight the rest.
     * Symmetric and doubly stochastic on every undirected graph; the {@code +1} keeps every self
     * weight positive, so an even ring does not oscillate (eigenvalue -1).
     */
    MAX_DEGREE("max-degree", true),
    /**
     * Uniform over the closed neighbourhood: {@code W[i][j] = 1 / (1 + indeg_i)} for j = i and
     * every in-neighbour j. Always row stochastic; doubly stochastic only when the graph is
     * regular (equal in- and out-degrees everywhere), e.g. ring, torus, hypercube, the
     * exponential graphs and the complete graph. On a directed circulant graph such as
     * {@code exponential-directed} this equals "uniform over the node and its out-neighbours".
     */
    UNIFORM("uniform", false),
    /**
     * Out-degree weights for push-sum on a directed graph (Kempe, Dobra and Gehrke, FOCS 2003;
     * Nedić and Olshevsky, IEEE TAC 2015): node j splits its value equally among itself and its
     * out-neighbours, {@code W[i][j] = 1 / (1 + outdeg_j)} for every arc j -> i and for i = j.
     * Columns sum to 1 (the sum over nodes is preserved), rows in general do not, so plain
     * averaging {@code x <- W x} is biased and push-sum's weight correction is needed; doubly
     * stochastic only on a regular graph, where it equals {@link #UNIFORM}.
     */
    COLUMN_STOCHASTIC("column-stochastic", false),
    /** A matrix given explicitly (a file); it is validated, never derived. */
    EXPLICIT("explicit", false);

    private final String cliName;
    private final boolean alwaysDoublyStochastic;

    MixingRule(String cliName, boolean alwaysDoublyStochastic) {
        this.cliName = cliName;
        this.alwaysDoublyStochastic = alwaysDoublyStochastic;
    }

    /** The name used on the command line and in scenario files. */
    public String cliName() {
        return cliName;
    }

    /** Looks a rule up by its CLI name, with a message listing the known names. */
    public static MixingRule byName(String name) {
        for (MixingRule r : values()) {
            if (r.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new TopologyException("mixing: unknown rule '" + name + "'; known rules: "
                + Arrays.stream(values()).map(MixingRule::cliName).collect(Collectors.joining(", ")));
    }

    /** Whether this rule guarantees double stochasticity on {@code graph}. */
    public boolean promisesDoublyStochastic(Graph graph) {
        return promises(graph) == Stochasticity.DOUBLY;
    }

    /** The sums this rule guarantees on {@code graph} (checked when it is applied). */
    public Stochasticity promises(Graph graph) {
        if (alwaysDoublyStochastic || ((this == UNIFORM || this == COLUMN_STOCHASTIC) && graph.isRegular())) {
            return Stochasticity.DOUBLY;
        }
        return this == COLUMN_STOCHASTIC ? Stochasticity.COLUMN : Stochasticity.ROW;
    }

    /**
     * Row i of W under this rule from degrees alone: the weights of i's neighbours, in the order
     * of {@code neighbourDegrees} (the graph's ascending neighbour order), then i's self weight,
     * the rest of the row. {@link #apply} builds every row with it, and a node re-applies the rule
     * to the online part of its neighbourhood with it (churn), so both give the same bits when
     * every node is online.
     *
     * @param degree node i's degree (its in-degree for {@link #UNIFORM})
     * @param neighbourDegrees the degrees of i's neighbours (read by {@link #METROPOLIS_HASTINGS} only)
     * @param maxDegree the graph's largest degree (read by {@link #MAX_DEGREE} only)
     * @throws TopologyException for a rule that is not a function of degrees (column-stochastic, explicit)
     */
    public double[] row(int degree, int[] neighbourDegrees, int maxDegree) {
        int k = neighbourDegrees.length;
        double[] row = new double[k + 1];
        switch (this) {
            case METROPOLIS_HASTINGS, MAX_DEGREE -> {
                double offDiagonal = 0;
                for (int m = 0; m < k; m++) {
                    row[m] = this == METROPOLIS_HASTINGS ? 1.0 / (1 + Math.max(degree, neighbourDegrees[m])) : 1.0 / (1 + maxDegree);
                    offDiagonal += row[m];
                }
                row[k] = 1 - offDiagonal;
            }
            case UNIFORM -> {
                double w = 1.0 / (1 + degree);
                java.util.Arrays.fill(row, 0, k, w);
                row[k] = 1 - k * w;
            }
            default -> throw new TopologyException("mixing: " + cliName + " weights are not a function of the nodes' degrees");
        }
        return row;
    }

    /** Whether {@link #row} derives this rule's rows from degrees (so it can be re-applied to a subgraph). */
    public boolean isDegreeBased() {
        return this == METROPOLIS_HASTINGS || this == MAX_DEGREE || this == UNIFORM;
    }

    /** Derives W from {@code graph} and validates it. */
    public MixingMatrix apply(Graph graph) {
        int n = graph.n();
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        switch (this) {
            case METROPOLIS_HASTINGS, MAX_DEGREE, UNIFORM -> {
                if (this != UNIFORM && graph.isDirected()) {
                    throw new TopologyException("mixing: " + cliName
                            + " needs an undirected graph; use 'uniform' (or 'explicit') for a directed one");
                }
                int dMax = graph.maxDegree();
                for (int i = 0; i < n; i++) {
                    int[] nb = graph.inNeighbours(i);
                    int[] degrees = new int[nb.length];
                    for (int k = 0; k < nb.length; k++) {
                        degrees[k] = graph.degree(nb[k]);
                    }
                    cols[i] = java.util.Arrays.copyOf(nb, nb.length + 1);
                    cols[i][nb.length] = i;
                    vals[i] = row(this == UNIFORM ? nb.length : graph.degree(i), degrees, dMax);
                }
            }
            case COLUMN_STOCHASTIC -> {
                for (int i = 0; i < n; i++) {
                    int[] nb = graph.inNeighbours(i);
                    cols[i] = new int[nb.length + 1];
                    vals[i] = new double[nb.length + 1];
                    for (int k = 0; k < nb.length; k++) {
                        cols[i][k] = nb[k];
                        vals[i][k] = 1.0 / (1 + graph.degree(nb[k]));
                    }
                    // Column i's own entry is the rest of the column, so columns sum to 1 up to one rounding.
                    int outDegree = graph.degree(i);
                    cols[i][nb.length] = i;
                    vals[i][nb.length] = 1 - outDegree * (1.0 / (1 + outDegree));
                }
            }
            case EXPLICIT -> throw new TopologyException(
                    "mixing: 'explicit' takes its weights from a matrix file (topology 'file' with a weighted edge list or a full matrix)");
            default -> throw new AssertionError(this);
        }
        MixingMatrix w = MixingMatrix.fromRows(n, cols, vals);
        MixingValidator.validate(w, graph, promises(graph), cliName);
        return w;
    }
}
