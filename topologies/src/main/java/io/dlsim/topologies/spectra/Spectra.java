package io.dlsim.topologies.spectra;

import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.Arrays;
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
 *   <li>{@link #iterative}: Lanczos (without reorthogonalisation, whose extreme Ritz values
 *       still converge; Paige 1976) on the deflated operator {@code W - 11^T/n} restricted to
 *       the complement of the all-ones vector, or on {@code (W - J)^T (W - J)} for a
 *       non-symmetric W; O(nnz) per step and O(n) memory, so n = 10,000 takes seconds.</li>
 * </ul>
 * {@link #of} picks the dense solver up to {@value #DENSE_MAX_NODES} nodes, then the circulant
 * formula where it applies, then Lanczos.
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
        return circulant != null ? circulant : iterative(w);
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
        double[] tmp = new double[n];
        Lanczos.Result r;
        if (symmetric) {
            r = Lanczos.extremes(n, (x, y) -> {
                w.multiply(x, y);
                projectOutMean(y);
            }, maxIterations);
            return SpectralSummary.symmetric(r.max(), r.min(), "lanczos", r.converged());
        }
        r = Lanczos.extremes(n, (x, y) -> {
            // y = (W - J)^T (W - J) x, with x already orthogonal to the ones vector, so
            // (W - J) x = W x. Do not project W x: (I - J) W x differs from (W - J) x when W is
            // only row stochastic (e.g. uniform weights on an irregular graph). The mean of
            // W^T (W x) is the mean of W x (W 1 = 1), so projecting y subtracts exactly J (W x).
            w.multiply(x, tmp);
            w.multiplyTranspose(tmp, y);
            projectOutMean(y);
        }, maxIterations);
        // (W - J)^T (W - J) kills the ones vector, so working on its complement loses nothing.
        return SpectralSummary.nonSymmetric(Math.sqrt(Math.max(0, r.max())), "lanczos", r.converged());
    }

    static void projectOutMean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        double mean = s / x.length;
        for (int i = 0; i < x.length; i++) {
            x[i] -= mean;
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
