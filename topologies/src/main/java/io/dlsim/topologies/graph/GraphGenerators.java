package io.dlsim.topologies.graph;

import io.dlsim.topologies.TopologyException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generators of the standard decentralized-learning topologies. Every parameter is validated
 * with a message naming it; random generators take the {@link SplittableRandom} to draw from,
 * so the same seed always gives the same graph.
 *
 * <p>All generated graphs are connected (random generators re-draw, a bounded number of times,
 * until they are) because gossip on a disconnected graph never reaches consensus.
 */
public final class GraphGenerators {
    /** How many draws a random generator makes before it gives up on a connected graph. */
    public static final int DEFAULT_MAX_TRIES = 100;

    private GraphGenerators() {
    }

    /** Cycle 0-1-...-(n-1)-0; n = 2 gives a single edge. */
    public static Graph ring(int n) {
        requireNodes(n, 2);
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            edges.add(new int[] {i, (i + 1) % n});
        }
        return Graph.undirected(n, edges);
    }

    /** Path (line) 0-1-...-(n-1). */
    public static Graph path(int n) {
        requireNodes(n, 2);
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i + 1 < n; i++) {
            edges.add(new int[] {i, i + 1});
        }
        return Graph.undirected(n, edges);
    }

    /** Star with centre 0. */
    public static Graph star(int n) {
        requireNodes(n, 2);
        List<int[]> edges = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            edges.add(new int[] {0, i});
        }
        return Graph.undirected(n, edges);
    }

    /** Complete graph K_n. */
    public static Graph complete(int n) {
        requireNodes(n, 2);
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                edges.add(new int[] {i, j});
            }
        }
        return Graph.undirected(n, edges);
    }

    /**
     * The most square shape {@code rows x cols = n} with {@code rows <= cols}: rows is the largest
     * divisor of n not above sqrt(n) (a prime n gives 1 x n).
     */
    public static int[] squarestShape(int n) {
        int rows = (int) Math.floor(Math.sqrt(n));
        while (n % rows != 0) {
            rows--;
        }
        return new int[] {rows, n / rows};
    }

    /** Non-periodic 2-D grid; node (r, c) is {@code r * cols + c}. */
    public static Graph grid(int rows, int cols) {
        return lattice(rows, cols, false);
    }

    /** Periodic 2-D grid (torus); node (r, c) is {@code r * cols + c}. */
    public static Graph torus(int rows, int cols) {
        return lattice(rows, cols, true);
    }

    private static Graph lattice(int rows, int cols, boolean periodic) {
        if (rows < 1) {
            throw new TopologyException("rows: must be >= 1, got " + rows);
        }
        if (cols < 1) {
            throw new TopologyException("cols: must be >= 1, got " + cols);
        }
        long nl = (long) rows * cols;
        if (nl < 2 || nl > Integer.MAX_VALUE) {
            throw new TopologyException("rows x cols: must give between 2 and " + Integer.MAX_VALUE + " nodes, got " + nl);
        }
        int n = (int) nl;
        List<int[]> edges = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                if (c + 1 < cols) {
                    edges.add(new int[] {i, i + 1});
                } else if (periodic && cols > 1) {
                    int j = r * cols;
                    if (j != i) {
                        edges.add(new int[] {i, j});
                    }
                }
                if (r + 1 < rows) {
                    edges.add(new int[] {i, i + cols});
                } else if (periodic && rows > 1) {
                    int j = c;
                    if (j != i) {
                        edges.add(new int[] {i, j});
                    }
                }
            }
        }
        return Graph.undirected(n, edges);
    }

    /** Hypercube on n = 2^k nodes: i ~ i XOR 2^b. */
    public static Graph hypercube(int n) {
        requireNodes(n, 2);
        if (Integer.bitCount(n) != 1) {
            throw new TopologyException("nodes: a hypercube needs a power of two, got " + n);
        }
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int bit = 1; bit < n; bit <<= 1) {
                int j = i ^ bit;
                if (i < j) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        return Graph.undirected(n, edges);
    }

    /**
     * Symmetric exponential graph: i ~ i ± 2^k (mod n) for every 2^k &lt; n (Assran et al., ICML
     * 2019; Ying et al., NeurIPS 2021, "Exponential graph is provably efficient for decentralized
     * deep training").
     */
    public static Graph exponential(int n) {
        requireNodes(n, 2);
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (long step = 1; step < n; step <<= 1) {
                int j = (int) ((i + step) % n);
                if (j != i) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        return Graph.undirected(n, edges);
    }

    /**
     * Directed (one-way) exponential graph used by BlueFog and by Zhu et al. (ICML 2022): node i
     * sends to i + 2^k (mod n) for every 2^k &lt; n. Circulant, so in- and out-degrees are equal.
     */
    public static Graph exponentialDirected(int n) {
        requireNodes(n, 2);
        List<int[]> arcs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (long step = 1; step < n; step <<= 1) {
                arcs.add(new int[] {i, (int) ((i + step) % n)});
            }
        }
        return Graph.directed(n, arcs);
    }

    /**
     * Erdős–Rényi G(n, p) (Erdős and Rényi, 1959): every pair {i, j} is an edge independently
     * with probability p; re-drawn until connected, at most {@code maxTries} times. Edges are
     * drawn by geometric skips over the n(n-1)/2 pairs in row order (i &lt; j, by i then j;
     * Batagelj and Brandes, Phys. Rev. E 2005), so a try costs O(n + edges), not O(n^2): a
     * sparse graph on 100,000 nodes took 12 s with one coin per pair (5 x 10^9 draws), and
     * takes well under a second now. (Since that change, 2026-12-07, a seed gives another graph
     * than before, from the same distribution.)
     */
    public static Graph erdosRenyi(int n, double p, SplittableRandom rng, int maxTries) {
        requireNodes(n, 2);
        if (!(p >= 0 && p <= 1)) {
            throw new TopologyException("p: must be in [0, 1], got " + p);
        }
        requireTries(maxTries);
        long pairs = (long) n * (n - 1) / 2;
        double logQ = Math.log1p(-p);
        for (int attempt = 0; attempt < maxTries; attempt++) {
            List<int[]> edges = new ArrayList<>();
            // k: index of the last pair drawn; row i holds the pairs rowStart .. rowStart + n-2-i.
            long k = -1;
            int i = 0;
            long rowStart = 0;
            while (p > 0) {
                // Skip a geometric number of pairs: P(skip = s) = (1 - p)^s p. Compared as a double
                // first, since for a tiny p it can exceed every long.
                double step = p == 1 ? 1 : 1 + Math.floor(Math.log(1 - rng.nextDouble()) / logQ);
                if (step > pairs - 1 - k) {
                    break;
                }
                k += (long) step;
                while (k >= rowStart + (n - 1 - i)) {
                    rowStart += n - 1 - i;
                    i++;
                }
                edges.add(new int[] {i, (int) (i + 1 + (k - rowStart))});
            }
            Graph g = Graph.undirected(n, edges);
            if (g.isConnected()) {
                return g;
            }
        }
        throw new TopologyException(String.format(
                "erdos-renyi: no connected G(n=%d, p=%s) in %d tries; raise p above the connectivity threshold ln(n)/n = %.4f",
                n, p, maxTries, Math.log(n) / n));
    }

    /**
     * Directed Erdős–Rényi D(n, p): every ordered pair (i, j), i != j, is an arc i -> j
     * independently with probability p; re-drawn until strongly connected, at most
     * {@code maxTries} times. Arcs are drawn by geometric skips over the n(n-1) pairs
     * (Batagelj and Brandes, Phys. Rev. E 2005), so a try costs O(n + arcs), not O(n^2): a
     * sparse graph on 100,000 nodes takes well under a second. In- and out-degrees differ from
     * node to node, so no derived rule gives a doubly stochastic W: row weights ({@code uniform})
     * make plain averaging converge to a weighted average, column weights
     * ({@code column-stochastic}) are what push-sum needs.
     */
    public static Graph erdosRenyiDirected(int n, double p, SplittableRandom rng, int maxTries) {
        requireNodes(n, 2);
        if (!(p > 0 && p <= 1)) {
            throw new TopologyException("p: must be in (0, 1], got " + p);
        }
        requireTries(maxTries);
        long pairs = (long) n * (n - 1);
        double logQ = Math.log1p(-p);
        for (int attempt = 0; attempt < maxTries; attempt++) {
            List<int[]> arcs = new ArrayList<>();
            long k = -1;
            while (true) {
                // Skip a geometric number of pairs: P(skip = s) = (1 - p)^s p.
                k += p == 1 ? 1 : 1 + (long) Math.floor(Math.log(1 - rng.nextDouble()) / logQ);
                if (k >= pairs || k < 0) {
                    break;
                }
                int from = (int) (k / (n - 1));
                int rest = (int) (k % (n - 1));
                int to = rest < from ? rest : rest + 1;
                arcs.add(new int[] {from, to});
            }
            Graph g = Graph.directed(n, arcs);
            if (g.isConnected()) {
                return g;
            }
        }
        throw new TopologyException(String.format(
                "erdos-renyi-directed: no strongly connected D(n=%d, p=%s) in %d tries; raise p above the threshold ln(n)/n = %.4f",
                n, p, maxTries, Math.log(n) / n));
    }

    /**
     * Uniformly-ish random connected d-regular graph by the pairing algorithm of Steger and
     * Wormald (1999), as in networkx: stubs are paired at random among the pairs that keep the
     * graph simple; a dead end or a disconnected result starts over, at most {@code maxTries}
     * times.
     */
    public static Graph randomRegular(int n, int d, SplittableRandom rng, int maxTries) {
        requireNodes(n, 2);
        if (d < 1 || d >= n) {
            throw new TopologyException("d: must be in [1, n-1] = [1, " + (n - 1) + "], got " + d);
        }
        if (((long) n * d) % 2 != 0) {
            throw new TopologyException("d: n*d must be even for a d-regular graph, got n=" + n + ", d=" + d);
        }
        requireTries(maxTries);
        for (int attempt = 0; attempt < maxTries; attempt++) {
            Graph g = tryRegular(n, d, rng);
            if (g != null && g.isConnected()) {
                return g;
            }
        }
        throw new TopologyException("regular: no connected simple " + d + "-regular graph on " + n
                + " nodes in " + maxTries + " tries" + (d == 1 ? " (d=1 is connected only for n=2)" : ""));
    }

    private static Graph tryRegular(int n, int d, SplittableRandom rng) {
        Set<Long> edges = new HashSet<>();
        int[] stubs = new int[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                stubs[i * d + k] = i;
            }
        }
        int size = stubs.length;
        while (size > 0) {
            // Pair stubs at random; stubs that cannot be paired go back to the pool.
            shuffle(stubs, size, rng);
            int kept = 0;
            int[] leftover = new int[size];
            for (int k = 0; k + 1 < size; k += 2) {
                int u = stubs[k];
                int v = stubs[k + 1];
                if (u != v && edges.add(key(u, v))) {
                    continue;
                }
                leftover[kept++] = u;
                leftover[kept++] = v;
            }
            if (kept == size) {
                if (!anySuitablePair(leftover, kept, edges)) {
                    return null;
                }
            }
            System.arraycopy(leftover, 0, stubs, 0, kept);
            size = kept;
        }
        List<int[]> list = new ArrayList<>(edges.size());
        for (long e : edges) {
            list.add(new int[] {(int) (e >>> 32), (int) e});
        }
        return Graph.undirected(n, list);
    }

    private static boolean anySuitablePair(int[] stubs, int size, Set<Long> edges) {
        for (int a = 0; a < size; a++) {
            for (int b = a + 1; b < size; b++) {
                if (stubs[a] != stubs[b] && !edges.contains(key(stubs[a], stubs[b]))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Watts–Strogatz small world (Watts and Strogatz, Nature 1998): a ring lattice where each
     * node links to its k/2 nearest neighbours on each side, then each lattice edge (i, i+s) is
     * rewired with probability beta to (i, u) for a uniform u that is neither i nor already a
     * neighbour. Re-drawn until connected, at most {@code maxTries} times.
     */
    public static Graph wattsStrogatz(int n, int k, double beta, SplittableRandom rng, int maxTries) {
        requireNodes(n, 3);
        if (k < 2 || k % 2 != 0 || k >= n) {
            throw new TopologyException("k: must be even and in [2, n-1] = [2, " + (n - 1) + "], got " + k);
        }
        if (!(beta >= 0 && beta <= 1)) {
            throw new TopologyException("beta: must be in [0, 1], got " + beta);
        }
        requireTries(maxTries);
        for (int attempt = 0; attempt < maxTries; attempt++) {
            List<Set<Integer>> adj = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                adj.add(new HashSet<>());
            }
            for (int i = 0; i < n; i++) {
                for (int s = 1; s <= k / 2; s++) {
                    int j = (i + s) % n;
                    adj.get(i).add(j);
                    adj.get(j).add(i);
                }
            }
            for (int s = 1; s <= k / 2; s++) {
                for (int i = 0; i < n; i++) {
                    int j = (i + s) % n;
                    if (rng.nextDouble() < beta && adj.get(i).size() < n - 1 && adj.get(i).contains(j)) {
                        int u;
                        do {
                            u = rng.nextInt(n);
                        } while (u == i || adj.get(i).contains(u));
                        adj.get(i).remove(j);
                        adj.get(j).remove(i);
                        adj.get(i).add(u);
                        adj.get(u).add(i);
                    }
                }
            }
            List<int[]> edges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j : adj.get(i)) {
                    if (i < j) {
                        edges.add(new int[] {i, j});
                    }
                }
            }
            Graph g = Graph.undirected(n, edges);
            if (g.isConnected()) {
                return g;
            }
        }
        throw new TopologyException("small-world: no connected Watts-Strogatz graph (n=" + n + ", k=" + k
                + ", beta=" + beta + ") in " + maxTries + " tries; lower beta or raise k");
    }

    private static void shuffle(int[] a, int size, SplittableRandom rng) {
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static long key(int u, int v) {
        int a = Math.min(u, v);
        int b = Math.max(u, v);
        return ((long) a << 32) | (b & 0xffffffffL);
    }

    /** Refuses fewer than {@code min} nodes with the standard message. */
    public static void requireNodes(int n, int min) {
        if (n < min) {
            throw new TopologyException("nodes: must be >= " + min + ", got " + n);
        }
    }

    private static void requireTries(int maxTries) {
        if (maxTries < 1) {
            throw new TopologyException("max-tries: must be >= 1, got " + maxTries);
        }
    }
}
