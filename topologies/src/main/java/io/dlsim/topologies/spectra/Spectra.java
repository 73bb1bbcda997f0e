package io.dlsim.topologies.spectra;

import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Computes {@link SpectralSummary spectral quantities} of a mixing matrix by one of three
 * methods:
 * <ul>
 *   <li>{@link #dense}: nd4j-native's LAPACK symmetric eigensolver ({@code syev}) for a
 *       symmetric W, SVD ({@code gesvd}) of {@code W - 11^T/n} otherwise; O(n^3), exact to
 *       rounding;</li>
 *   <li>{@link #circulant}: when W is circulant (ring, exponential graphs, complete, one-peer
 *       schedules) its eigenvalues are the discrete Fourier transform of its first row,
 *       {@code mu_k = sum_m W[0][m] exp(2 pi i m k / n)}; O(n * row size), exact to rounding;</li>
 *   <li>{@link #tridiagonal}: when W is symmetric and tridiagonal (a path in node order, with any
 *       weights), each eigenvalue by bisection on Sturm counts of {@code W - x I} (the number of
 *       negative pivots of its LDL^T factorisation is the number of eigenvalues below x); O(n)
 *       per count and ~60 counts per eigenvalue, exact to a few ulps of 1;</li>
 *   <li>{@link #iterative}: Lanczos (without reorthogonalisation, whose extreme Ritz values
 *       still converge; Paige 1976) on the deflated operator {@code W - 11^T/n} restricted to
 *       the complement of the all-ones vector, or on {@code (W - J)^T (W - J)} on the whole
 *       space for a non-symmetric W (row- or column-stochastic); O(nnz) per step and O(n)
 *       memory, so n = 10,000 takes seconds.</li>
 * </ul>
 * {@link #of} picks the dense solver up to {@value #DENSE_MAX_NODES} nodes, then the circulant
 * formula or the tridiagonal bisection where they apply, then Lanczos. (Lanczos needs steps in
 * proportion to 1/sqrt(gap): ~n for a path, whose gap shrinks as 1/n^2, so O(n^2) in all; a
 * 100,000-node path took 73 s.)
 */
public final class Spectra {
    /** Largest n for which {@link #of} uses the dense O(n^3) solver. */
    public static final int DENSE_MAX_NODES = 512;
    /** Tolerance for deciding that W is symmetric. */
    public static final double SYMMETRY_TOLERANCE = 1e-12;

    private Spectra() {
    }

    /** The spectral quantities of W by the best method for its size and structure. */
    public static SpectralSummary of(MixingMatrix w) {
        if (w.n() <= DENSE_MAX_NODES) {
            return dense(w);
        }
        SpectralSummary circulant = circulant(w);
        if (circulant != null) {
            return circulant;
        }
        SpectralSummary tridiagonal = tridiagonal(w);
        return tridiagonal != null ? tridiagonal : iterative(w);
    }

    /**
     * Exact spectra of a symmetric tridiagonal W (row i stores columns among i-1, i, i+1 only),
     * or null when W is not one: lambda2 is eigenvalue n-2 and lambdaMin eigenvalue 0 in
     * ascending order, each found by bisection between Gershgorin's bounds down to adjacent
     * doubles, counting the eigenvalues below x by the signs of the pivots
     * {@code d_i = (a_i - x) - b_{i-1}^2 / d_{i-1}} (Sturm's theorem; a zero pivot is taken as
     * a tiny negative one, as LAPACK's {@code dstebz} does). The count is backward stable, so
     * each eigenvalue is exact to a few ulps of {@code ||W||}.
     */
    public static SpectralSummary tridiagonal(MixingMatrix w) {
        int n = w.n();
        if (n < 2) {
            return null;
        }
        double[] diagonal = new double[n];
        double[] off = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int[] cols = w.rowColumns(i);
            double[] vals = w.rowWeights(i);
            for (int k = 0; k < cols.length; k++) {
                int j = cols[k];
                if (j == i) {
                    diagonal[i] = vals[k];
                } else if (j == i + 1) {
                    off[i] = vals[k];
                } else if (j != i - 1) {
                    return null;
                }
            }
        }
        for (int i = 0; i + 1 < n; i++) {
            if (w.get(i + 1, i) != off[i]) {
                return null;
            }
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double largestSquare = 0;
        for (int i = 0; i < n; i++) {
            double radius = (i > 0 ? Math.abs(off[i - 1]) : 0) + (i + 1 < n ? Math.abs(off[i]) : 0);
            low = Math.min(low, diagonal[i] - radius);
            high = Math.max(high, diagonal[i] + radius);
            if (i + 1 < n) {
                largestSquare = Math.max(largestSquare, off[i] * off[i]);
            }
        }
        double pivotMin = Double.MIN_NORMAL * Math.max(1, largestSquare);
        double lambda2 = eigenvalue(diagonal, off, n - 2, low, high, pivotMin);
        double lambdaMin = eigenvalue(diagonal, off, 0, low, high, pivotMin);
        return SpectralSummary.symmetric(lambda2, lambdaMin, "tridiagonal", true);
    }

    /** Eigenvalue k (ascending, from 0) of the tridiagonal matrix, by bisection on [low, high]. */
    private static double eigenvalue(double[] diagonal, double[] off, int k, double low, double high, double pivotMin) {
        // Widen the bounds by a few ulps: Gershgorin's are exact only in exact arithmetic.
        double lo = low - 4 * Math.ulp(Math.max(Math.abs(low), Math.abs(high)));
        double hi = high + 4 * Math.ulp(Math.max(Math.abs(low), Math.abs(high)));
        // Invariant: fewer than k + 1 eigenvalues below lo, at least k + 1 below hi, so lo <= lambda_k < hi.
        while (true) {
            double mid = lo + (hi - lo) / 2;
            if (mid <= lo || mid >= hi) {
                return lo;
            }
            if (below(diagonal, off, mid, pivotMin) > k) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
    }

    /** How many eigenvalues of the tridiagonal matrix are below x (Sturm count). */
    private static int below(double[] diagonal, double[] off, double x, double pivotMin) {
        int count = 0;
        double pivot = diagonal[0] - x;
        for (int i = 0; ; i++) {
            if (Math.abs(pivot) < pivotMin) {
                pivot = -pivotMin;
            }
            if (pivot < 0) {
                count++;
            }
            if (i + 1 == diagonal.length) {
                return count;
            }
            pivot = (diagonal[i + 1] - x) - off[i] * off[i] / pivot;
        }
    }

    /** Dense LAPACK spectra through nd4j-native. */
    public static SpectralSummary dense(MixingMatrix w) {
        int n = w.n();
        double[][] d = w.toDense();
        boolean symmetric = w.isSymmetric(SYMMETRY_TOLERANCE);
        if (n == 1) {
            return SpectralSummary.symmetric(Double.NaN, Double.NaN, "dense-eigen", true);
        }
        if (symmetric) {
            INDArray a = Nd4j.createFromArray(d).castTo(DataType.DOUBLE).dup('f');
            INDArray eig = Nd4j.create(DataType.DOUBLE, n);
            int info = Nd4j.getBlasWrapper().lapack().syev('N', 'U', a, eig);
            if (info != 0) {
                throw new ArithmeticException("LAPACK syev failed with info=" + info);
            }
            double[] ev = eig.toDoubleVector();
            Arrays.sort(ev);
            return SpectralSummary.symmetric(ev[n - 2], ev[0], "dense-eigen", true);
        }
        double mean = 1.0 / n;
        for (double[] row : d) {
            for (int j = 0; j < n; j++) {
                row[j] -= mean;
            }
        }
        INDArray a = Nd4j.createFromArray(d).castTo(DataType.DOUBLE).dup('f');
        INDArray s = Nd4j.create(DataType.DOUBLE, n);
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, null, null);
        double[] sv = s.toDoubleVector();
        double max = 0;
        for (double v : sv) {
            max = Math.max(max, v);
        }
        return SpectralSummary.nonSymmetric(max, "dense-svd", true);
    }

    /**
     * Exact spectra of a circulant W ({@code W[i][j] = c[(j - i) mod n]}), or null when W is not
     * circulant. A circulant matrix is normal, so {@code ||W - J||_2 = max_{k>=1} |mu_k|}.
     */
    public static SpectralSummary circulant(MixingMatrix w) {
        int n = w.n();
        int[] c0 = w.rowColumns(0);
        double[] v0 = w.rowWeights(0);
        for (int i = 1; i < n; i++) {
            int[] ci = w.rowColumns(i);
            if (ci.length != c0.length) {
                return null;
            }
            for (int k = 0; k < c0.length; k++) {
                if (w.get(i, (c0[k] + i) % n) != v0[k]) {
                    return null;
                }
            }
        }
        boolean symmetric = w.isSymmetric(SYMMETRY_TOLERANCE);
        double lambda2 = Double.NEGATIVE_INFINITY;
        double lambdaMin = Double.POSITIVE_INFINITY;
        double lambda = 0;
        for (int k = 1; k < n; k++) {
            double re = 0;
            double im = 0;
            for (int m = 0; m < c0.length; m++) {
                // Reduce m*k mod n first so the angle keeps full precision at large n.
                double angle = 2 * Math.PI * (double) Math.floorMod((long) c0[m] * k, (long) n) / n;
                re += v0[m] * Math.cos(angle);
                im += v0[m] * Math.sin(angle);
            }
            lambda2 = Math.max(lambda2, re);
            lambdaMin = Math.min(lambdaMin, re);
            lambda = Math.max(lambda, symmetric ? Math.abs(re) : Math.hypot(re, im));
        }
        if (symmetric) {
            return SpectralSummary.symmetric(lambda2, lambdaMin, "circulant", true);
        }
        return SpectralSummary.nonSymmetric(lambda, "circulant", true);
    }

    /** Lanczos spectra with the default iteration limit {@code 4n + 200}. */
    public static SpectralSummary iterative(MixingMatrix w) {
        return iterative(w, 4 * w.n() + 200);
    }

    /** Lanczos spectra, stopping after at most {@code maxIterations} steps. */
    public static SpectralSummary iterative(MixingMatrix w, int maxIterations) {
        int n = w.n();
        boolean symmetric = w.isSymmetric(SYMMETRY_TOLERANCE);
        Lanczos.Result r;
        if (symmetric) {
            r = Lanczos.extremes(n, (x, y) -> {
                w.multiply(x, y);
                projectOutMean(y);
            }, maxIterations);
            return SpectralSummary.symmetric(r.max(), r.min(), "lanczos", r.converged());
        }
        return normOfDeflated(n, w::multiply, w::multiplyTranspose, maxIterations, "lanczos");
    }

    /**
     * {@code lambda = ||P - J||_2} of the product {@code P = W_{T-1} ... W_1 W_0} of
     * {@code factors} (in round order), by the Lanczos of {@link #iterative} on operators that
     * apply the factors one after the other, so P is never formed: a product of sparse matrices
     * fills in (one-peer exponential rounds on n nodes reach n^2 entries after log2 n rounds), the
     * factors stay at their own size. Reported as non-symmetric (lambda only), method
     * {@code lanczos-product}.
     */
    public static SpectralSummary ofProduct(List<MixingMatrix> factors) {
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("a product needs at least one factor");
        }
        int n = factors.get(0).n();
        for (MixingMatrix f : factors) {
            if (f.n() != n) {
                throw new IllegalArgumentException("size mismatch: " + n + " vs " + f.n());
            }
        }
        int last = factors.size() - 1;
        double[][] scratch = {new double[n], new double[n]};
        Lanczos.Operator product = (x, y) -> {
            double[] in = x;
            for (int k = 0; k <= last; k++) {
                double[] out = k == last ? y : scratch[k % 2];
                factors.get(k).multiply(in, out);
                in = out;
            }
        };
        Lanczos.Operator transpose = (x, y) -> {
            double[] in = x;
            for (int k = last; k >= 0; k--) {
                double[] out = k == 0 ? y : scratch[k % 2];
                factors.get(k).multiplyTranspose(in, out);
                in = out;
            }
        };
        return normOfDeflated(n, product, transpose, 4 * n + 200, "lanczos-product");
    }

    /**
     * {@code ||A - J||_2} for a row- or column-stochastic A given as {@code a} and its transpose
     * {@code aT}: the square root of the largest eigenvalue of {@code (A - J)^T (A - J)}.
     */
    private static SpectralSummary normOfDeflated(int n, Lanczos.Operator a, Lanczos.Operator aT, int maxIterations, String method) {
        double[] z = new double[n];
        Lanczos.Result r = Lanczos.largest(n, (x, y) -> {
            // y = (A - J)^T (A - J) x on the whole space, with J = 11^T/n: (A - J) x = A x - mean(x) 1
            // and (A - J)^T z = A^T z - mean(z) 1. Not restricted to the complement of the ones
            // vector: for a column-stochastic A (push-sum's) A 1 != 1, so the norm can take that
            // direction too (restricted, a directed random graph on 400 nodes gave 0.43499 against
            // the dense SVD's 0.43615).
            a.apply(x, z);
            addToAll(z, -mean(x));
            aT.apply(z, y);
            addToAll(y, -mean(z));
        }, maxIterations);
        return SpectralSummary.nonSymmetric(Math.sqrt(Math.max(0, r.max())), method, r.converged());
    }

    static void projectOutMean(double[] x) {
        addToAll(x, -mean(x));
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static void addToAll(double[] x, double c) {
        for (int i = 0; i < x.length; i++) {
            x[i] += c;
        }
    }

    /** A seeded start vector: the numbers do not depend on the run. */
    static double[] startVector(int n) {
        SplittableRandom rng = new SplittableRandom(0x5eed_1a2c_05L);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble() - 0.5;
        }
        return v;
    }
}
