package io.dlsim.topologies.mixing;

import io.dlsim.topologies.graph.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable sparse n x n mixing matrix W in compressed rows. Row i holds the weights node i
 * gives to the values it combines: {@code x_i <- sum_j W[i][j] x_j}, with the columns j (the
 * node itself and its in-neighbours) in ascending order, the order in which every engine
 * combines received values.
 *
 * <p>This class stores; it does not judge: {@link MixingValidator} checks the invariants
 * (non-negative, rows or columns summing to 1 as promised, support) and the
 * {@link MixingRule}s guarantee them.
 * Explicit zeros are dropped, so the stored pattern is the support of W.
 */
public final class MixingMatrix {
    private final int n;
    private final int[] rowStart;
    private final int[] cols;
    private final double[] vals;

    private MixingMatrix(int n, int[] rowStart, int[] cols, double[] vals) {
        this.n = n;
        this.rowStart = rowStart;
        this.cols = cols;
        this.vals = vals;
    }

    /** Builds W from per-row column and weight arrays (any order; zeros are dropped). */
    public static MixingMatrix fromRows(int n, int[][] rowCols, double[][] rowVals) {
        int[] start = new int[n + 1];
        List<int[]> sortedIdx = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] c = rowCols[i];
            double[] v = rowVals[i];
            Integer[] order = new Integer[c.length];
            for (int k = 0; k < c.length; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(c[a], c[b]));
            int[] kept = new int[c.length];
            int count = 0;
            for (int k = 0; k < order.length; k++) {
                int idx = order[k];
                if (k > 0 && c[idx] == c[order[k - 1]]) {
                    throw new IllegalArgumentException("row " + i + " lists column " + c[idx] + " twice");
                }
                if (c[idx] < 0 || c[idx] >= n) {
                    throw new IllegalArgumentException("row " + i + " has column " + c[idx] + " outside 0.." + (n - 1));
                }
                if (v[idx] != 0.0) {
                    kept[count++] = idx;
                }
            }
            sortedIdx.add(Arrays.copyOf(kept, count));
            start[i + 1] = start[i] + count;
        }
        int[] cols = new int[start[n]];
        double[] vals = new double[start[n]];
        for (int i = 0; i < n; i++) {
            int p = start[i];
            for (int idx : sortedIdx.get(i)) {
                cols[p] = rowCols[i][idx];
                vals[p] = rowVals[i][idx];
                p++;
            }
        }
        return new MixingMatrix(n, start, cols, vals);
    }

    /** Builds W from a dense matrix (zeros are dropped). */
    public static MixingMatrix fromDense(double[][] w) {
        int n = w.length;
        int[][] c = new int[n][];
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            if (w[i].length != n) {
                throw new IllegalArgumentException("row " + i + " has " + w[i].length + " entries, expected " + n);
            }
            int nz = 0;
            for (double x : w[i]) {
                if (x != 0.0) {
                    nz++;
                }
            }
            c[i] = new int[nz];
            v[i] = new double[nz];
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (w[i][j] != 0.0) {
                    c[i][k] = j;
                    v[i][k++] = w[i][j];
                }
            }
        }
        return fromRows(n, c, v);
    }

    public int n() {
        return n;
    }

    /** Number of stored (non-zero) entries. */
    public int nonZeros() {
        return cols.length;
    }

    /** Columns of row i in ascending order (the nodes i combines, itself included). */
    public int[] rowColumns(int i) {
        return Arrays.copyOfRange(cols, rowStart[i], rowStart[i + 1]);
    }

    /** Weights of row i, aligned with {@link #rowColumns(int)}. */
    public double[] rowWeights(int i) {
        return Arrays.copyOfRange(vals, rowStart[i], rowStart[i + 1]);
    }

    /** Entry W[i][j] (0 when not stored). */
    public double get(int i, int j) {
        int k = Arrays.binarySearch(cols, rowStart[i], rowStart[i + 1], j);
        return k >= 0 ? vals[k] : 0.0;
    }

    /** Rows per part of a parallel {@link #multiply}: below twice this, one thread. */
    static final int ROWS_PER_PART = 1 << 15;

    /**
     * y = W x. Each y[i] is one sum over row i in column order, whoever computes it, so a large
     * W's rows are spread over the common fork-join pool with the same bits: the spectra's
     * Lanczos of a 1,000,000-node random 4-regular W spent 80 % of its time here, reading x at
     * random columns (simulator/BENCHMARKS.md, "Setup at scale").
     */
    public void multiply(double[] x, double[] y) {
        int parts = Math.min(n / ROWS_PER_PART, 4 * Runtime.getRuntime().availableProcessors());
        if (parts < 2) {
            multiplyRows(x, y, 0, n);
            return;
        }
        java.util.stream.IntStream.range(0, parts).parallel()
                .forEach(p -> multiplyRows(x, y, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)));
    }

    private void multiplyRows(double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            double s = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                s += vals[k] * x[cols[k]];
            }
            y[i] = s;
        }
    }

    /** y = W^T x. */
    public void multiplyTranspose(double[] x, double[] y) {
        Arrays.fill(y, 0.0);
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                y[cols[k]] += vals[k] * xi;
            }
        }
    }

    /** Sum of row i. */
    public double rowSum(int i) {
        double s = 0;
        for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
            s += vals[k];
        }
        return s;
    }

    /** All column sums. */
    public double[] columnSums() {
        double[] s = new double[n];
        for (int k = 0; k < cols.length; k++) {
            s[cols[k]] += vals[k];
        }
        return s;
    }

    /** True if W[i][j] and W[j][i] differ by at most {@code tolerance} everywhere. */
    public boolean isSymmetric(double tolerance) {
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (Math.abs(vals[k] - get(cols[k], i)) > tolerance) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Non-negative with every row and column summing to 1 within {@code tolerance}. */
    public boolean isDoublyStochastic(double tolerance) {
        for (double v : vals) {
            if (v < 0) {
                return false;
            }
        }
        double[] cs = columnSums();
        for (int i = 0; i < n; i++) {
            if (Math.abs(rowSum(i) - 1) > tolerance || Math.abs(cs[i] - 1) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** The lazy matrix {@code alpha W + (1 - alpha) I}. */
    public MixingMatrix lazy(double alpha) {
        int[][] c = new int[n][];
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            int[] rc = rowColumns(i);
            double[] rv = rowWeights(i);
            int diag = Arrays.binarySearch(rc, i);
            if (diag < 0) {
                int ins = -diag - 1;
                int[] nc = new int[rc.length + 1];
                double[] nv = new double[rc.length + 1];
                System.arraycopy(rc, 0, nc, 0, ins);
                System.arraycopy(rv, 0, nv, 0, ins);
                nc[ins] = i;
                System.arraycopy(rc, ins, nc, ins + 1, rc.length - ins);
                System.arraycopy(rv, ins, nv, ins + 1, rc.length - ins);
                rc = nc;
                rv = nv;
                diag = ins;
            }
            lazyRow(rv, diag, alpha);
            c[i] = rc;
            v[i] = rv;
        }
        return fromRows(n, c, v);
    }

    /**
     * One row of {@link #lazy}, in place: {@code rv} (ascending columns) becomes
     * {@code alpha rv + (1 - alpha) e_diag}. Shared with the rows a node re-derives under churn,
     * so they equal the lazy W's rows bit for bit when every node is online.
     */
    public static void lazyRow(double[] rv, int diag, double alpha) {
        double offDiagonal = 0;
        double rowSum = 0;
        for (int k = 0; k < rv.length; k++) {
            rowSum += rv[k];
            if (k != diag) {
                rv[k] = alpha * rv[k];
                offDiagonal += rv[k];
            }
        }
        // Self weight as the rest of the row, so rows sum to 1 exactly as in the rules; a
        // row that does not sum to 1 (a column-stochastic W) keeps alpha w + (1 - alpha),
        // which keeps its column sums.
        rv[diag] = alpha * rv[diag] + (1 - alpha);
        if (Math.abs(rowSum - 1) <= MixingValidator.TOLERANCE && Math.abs(rv[diag] + offDiagonal - 1) > 1e-12) {
            rv[diag] = 1 - offDiagonal;
        }
    }

    /**
     * An upper bound on the nonzeros of {@code this.times(other)}: for each row of this, the
     * nonzeros of the rows of {@code other} it combines. O(nonzeros of this).
     */
    public long productNonZerosBound(MixingMatrix other) {
        if (other.n != n) {
            throw new IllegalArgumentException("size mismatch: " + n + " vs " + other.n);
        }
        long bound = 0;
        for (int i = 0; i < n; i++) {
            long row = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                row += other.rowStart[cols[k] + 1] - other.rowStart[cols[k]];
            }
            bound += Math.min(row, n);
        }
        return bound;
    }

    /** The product {@code this * other} (apply other first when mixing twice: x <- this (other x)). */
    public MixingMatrix times(MixingMatrix other) {
        if (other.n != n) {
            throw new IllegalArgumentException("size mismatch: " + n + " vs " + other.n);
        }
        int[][] c = new int[n][];
        double[][] v = new double[n][];
        double[] acc = new double[n];
        boolean[] used = new boolean[n];
        int[] touched = new int[n];
        for (int i = 0; i < n; i++) {
            int t = 0;
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int mid = cols[k];
                double a = vals[k];
                for (int q = other.rowStart[mid]; q < other.rowStart[mid + 1]; q++) {
                    int j = other.cols[q];
                    if (!used[j]) {
                        used[j] = true;
                        touched[t++] = j;
                    }
                    acc[j] += a * other.vals[q];
                }
            }
            c[i] = Arrays.copyOf(touched, t);
            v[i] = new double[t];
            for (int q = 0; q < t; q++) {
                int j = touched[q];
                v[i][q] = acc[j];
                acc[j] = 0;
                used[j] = false;
            }
        }
        return fromRows(n, c, v);
    }

    /** Dense copy, row-major. */
    public double[][] toDense() {
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                d[i][cols[k]] = vals[k];
            }
        }
        return d;
    }

    /**
     * The communication graph W induces: an arc j -> i for every off-diagonal W[i][j] &gt; 0
     * (undirected when the pattern is symmetric).
     */
    public Graph supportGraph() {
        List<int[]> arcs = new ArrayList<>();
        boolean symmetricPattern = true;
        for (int i = 0; i < n; i++) {
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int j = cols[k];
                if (j != i) {
                    arcs.add(new int[] {j, i});
                    if (Arrays.binarySearch(cols, rowStart[j], rowStart[j + 1], i) < 0) {
                        symmetricPattern = false;
                    }
                }
            }
        }
        return symmetricPattern ? Graph.undirected(n, arcs) : Graph.directed(n, arcs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MixingMatrix m && m.n == n && Arrays.equals(m.rowStart, rowStart)
                && Arrays.equals(m.cols, cols) && Arrays.equals(m.vals, vals);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * n + Arrays.hashCode(cols)) + Arrays.hashCode(vals);
    }
}
