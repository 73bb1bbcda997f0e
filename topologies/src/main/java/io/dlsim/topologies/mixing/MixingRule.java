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

    /** Derives W from {@code graph} and validates it. */
    public MixingMatrix apply(Graph graph) {
        int n = graph.n();
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        switch (this) {
            case METROPOLIS_HASTINGS, MAX_DEGREE -> {
                if (graph.isDirected()) {
                    throw new TopologyException("mixing: " + cliName
                            + " needs an undirected graph; use 'uniform' (or 'explicit') for a directed one");
                }
                int dMax = graph.maxDegree();
                for (int i = 0; i < n; i++) {
                    int[] nb = graph.inNeighbours(i);
                    cols[i] = new int[nb.length + 1];
                    vals[i] = new double[nb.length + 1];
                    double offDiagonal = 0;
                    for (int k = 0; k < nb.length; k++) {
                        int j = nb[k];
                        double w = this == METROPOLIS_HASTINGS
                                ? 1.0 / (1 + Math.max(graph.degree(i), graph.degree(j)))
                                : 1.0 / (1 + dMax);
                        cols[i][k] = j;
                        vals[i][k] = w;
                        offDiagonal += w;
                    }
                    cols[i][nb.length] = i;
                    vals[i][nb.length] = 1 - offDiagonal;
                }
            }
            case UNIFORM -> {
                for (int i = 0; i < n; i++) {
                    int[] nb = graph.inNeighbours(i);
                    double w = 1.0 / (1 + nb.length);
                    cols[i] = new int[nb.length + 1];
                    vals[i] = new double[nb.length + 1];
                    for (int k = 0; k < nb.length; k++) {
                        cols[i][k] = nb[k];
                        vals[i][k] = w;
                    }
                    cols[i][nb.length] = i;
                    vals[i][nb.length] = 1 - nb.length * w;
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
