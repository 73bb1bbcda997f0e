package io.dlsim.topologies.graph;

import io.dlsim.topologies.TopologyException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable simple graph on nodes {@code 0..n-1}, undirected or directed, without self
 * loops or parallel edges.
 *
 * <p>Invariants: every neighbour list is sorted ascending and free of duplicates and of the
 * node itself; for an undirected graph {@code outNeighbours(i) == inNeighbours(i)}. For a
 * directed graph an arc {@code i -> j} means that node i sends to node j, so j combines the
 * value of i ({@code W[j][i] > 0}).
 */
public final class Graph {
    private final int n;
    private final boolean directed;
    private final int[][] out;
    private final int[][] in;
    private final long edgeCount;

    private Graph(int n, boolean directed, int[][] out, int[][] in, long edgeCount) {
        this.n = n;
        this.directed = directed;
        this.out = out;
        this.in = in;
        this.edgeCount = edgeCount;
    }

    /**
     * Builds an undirected graph from edges given as pairs {@code {u, v}}; duplicates (in
     * either orientation) are merged, self loops are refused.
     */
    public static Graph undirected(int n, Collection<int[]> edges) {
        return build(n, false, edges);
    }

    /** Builds a directed graph from arcs {@code {from, to}}; duplicates merged, loops refused. */
    public static Graph directed(int n, Collection<int[]> arcs) {
        return build(n, true, arcs);
    }

    private static Graph build(int n, boolean directed, Collection<int[]> edges) {
        if (n < 1) {
            throw new TopologyException("a graph needs at least 1 node, got " + n);
        }
        int[] outCount = new int[n];
        int[] inCount = new int[n];
        for (int[] e : edges) {
            int u = e[0];
            int v = e[1];
            if (u < 0 || u >= n || v < 0 || v >= n) {
                throw new TopologyException("edge " + u + " - " + v + " names a node outside 0.." + (n - 1));
            }
            if (u == v) {
                throw new TopologyException("self loop at node " + u + " (self weights come from the mixing rule)");
            }
            outCount[u]++;
            inCount[v]++;
            if (!directed) {
                outCount[v]++;
                inCount[u]++;
            }
        }
        int[][] out = new int[n][];
        int[][] in = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[outCount[i]];
            in[i] = directed ? new int[inCount[i]] : out[i];
        }
        int[] oFill = new int[n];
        int[] iFill = new int[n];
        for (int[] e : edges) {
            int u = e[0];
            int v = e[1];
            out[u][oFill[u]++] = v;
            if (directed) {
                in[v][iFill[v]++] = u;
            } else {
                out[v][oFill[v]++] = u;
            }
        }
        long count = 0;
        for (int i = 0; i < n; i++) {
            out[i] = sortedUnique(out[i]);
            count += out[i].length;
            if (directed) {
                in[i] = sortedUnique(in[i]);
            } else {
                in[i] = out[i];
            }
        }
        return new Graph(n, directed, out, in, directed ? count : count / 2);
    }

    private static int[] sortedUnique(int[] a) {
        Arrays.sort(a);
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (k == 0 || a[i] != a[k - 1]) {
                a[k++] = a[i];
            }
        }
        return k == a.length ? a : Arrays.copyOf(a, k);
    }

    /** Number of nodes. */
    public int n() {
        return n;
    }

    public boolean isDirected() {
        return directed;
    }

    /** Number of undirected edges, or of arcs for a directed graph. */
    public long edgeCount() {
        return edgeCount;
    }

    /** Nodes that i sends to, ascending. Do not modify the returned array. */
    public int[] outNeighbours(int i) {
        return out[i];
    }

    /** Nodes that send to i, ascending. Do not modify the returned array. */
    public int[] inNeighbours(int i) {
        return in[i];
    }

    /** Degree of node i (out-degree for a directed graph). */
    public int degree(int i) {
        return out[i].length;
    }

    public int inDegree(int i) {
        return in[i].length;
    }

    public int minDegree() {
        int m = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, Math.min(out[i].length, in[i].length));
        }
        return m;
    }

    public int maxDegree() {
        int m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.max(out[i].length, in[i].length));
        }
        return m;
    }

    /** True when every node has the same in- and out-degree. */
    public boolean isRegular() {
        int d = out[0].length;
        for (int i = 0; i < n; i++) {
            if (out[i].length != d || in[i].length != d) {
                return false;
            }
        }
        return true;
    }

    /** True if an edge (or the arc {@code from -> to}) exists. */
    public boolean hasEdge(int from, int to) {
        return Arrays.binarySearch(out[from], to) >= 0;
    }

    /**
     * Connected (undirected) or strongly connected (directed): the condition under which gossip
     * with positive weights on every edge reaches consensus.
     */
    public boolean isConnected() {
        return reachesAll(out) && (!directed || reachesAll(in));
    }

    private boolean reachesAll(int[][] adjacency) {
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        seen[0] = true;
        queue.add(0);
        int reached = 1;
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int v : adjacency[u]) {
                if (!seen[v]) {
                    seen[v] = true;
                    reached++;
                    queue.add(v);
                }
            }
        }
        return reached == n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && g.n == n && g.directed == directed && Arrays.deepEquals(g.out, out);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(out) + (directed ? 1 : 0);
    }

    @Override
    public String toString() {
        return (directed ? "directed" : "undirected") + " graph, n=" + n + ", edges=" + edgeCount;
    }
}
