package io.dlsim.topologies.spectra;

/**
 * The extreme eigenvalues of a symmetric linear operator, by the Lanczos three-term recurrence
 * without reorthogonalisation: {@link #extremes} on the complement of the all-ones vector (for
 * {@code W - J} of a symmetric W), {@link #largest} on the whole space.
 *
 * <p>Why no reorthogonalisation: only the two extreme Ritz values are needed, and in finite
 * precision these still converge to extreme eigenvalues (Paige 1976; lost orthogonality only
 * produces extra copies of converged values). That keeps memory at a few vectors of length n
 * and the cost at one operator application plus O(n) per step. The extreme Ritz values of the
 * tridiagonal matrix are found by Sturm-sequence bisection to full precision. The iteration
 * stops when both have not moved by more than {@value #RELATIVE_TOLERANCE} (relative) over a
 * window of steps, on breakdown (an exact invariant subspace), or at the iteration limit.
 * {@link #largest} waits for the largest one alone: for {@code (W - J)^T (W - J)} only that one
 * is wanted, and the smallest, in a dense cluster near 0, can take thousands of steps more
 * (a directed Erdős–Rényi W on 2,000 nodes, p = 0.01: 4,372 steps for both, 32 for the
 * largest).
 */
final class Lanczos {
    static final double RELATIVE_TOLERANCE = 1e-14;

    /** y = A x (for {@link #extremes}, a symmetric A that maps the complement of the ones vector into itself). */
    @FunctionalInterface
    interface Operator {
        void apply(double[] x, double[] y);
    }

    record Result(double max, double min, int iterations, boolean converged) {
    }

    private Lanczos() {
    }

    /**
     * Both extreme eigenvalues on the complement of the ones vector, each converged; {@code op}
     * must map that complement into itself.
     */
    static Result extremes(int n, Operator op, int maxIterations) {
        return run(n, op, maxIterations, true);
    }

    /** The largest eigenvalue on the whole space, converged; {@link Result#min} is NaN. */
    static Result largest(int n, Operator op, int maxIterations) {
        return run(n, op, maxIterations, false);
    }

    /** {@code both}: both extremes on the complement of the ones vector; else the largest on the whole space. */
    private static Result run(int n, Operator op, int maxIterations, boolean both) {
        if (n < 2) {
            return new Result(Double.NaN, Double.NaN, 0, true);
        }
        int limit = Math.max(1, Math.min(maxIterations, Integer.MAX_VALUE - 1));
        double[] alpha = new double[Math.min(limit, 1024)];
        double[] beta = new double[alpha.length];
        double[] vPrev = new double[n];
        double[] v = Spectra.startVector(n);
        if (both) {
            Spectra.projectOutMean(v);
        }
        scale(v, 1 / norm(v));
        double[] w = new double[n];
        double prevMax = Double.NaN;
        double prevMin = Double.NaN;
        int nextCheck = 8;
        double betaPrev = 0;
        int k = 0;
        boolean converged = false;
        double max = Double.NaN;
        double min = Double.NaN;
        while (k < limit) {
            op.apply(v, w);
            double a = dot(w, v);
            for (int i = 0; i < n; i++) {
                w[i] -= a * v[i] + betaPrev * vPrev[i];
            }
            if (both) {
                Spectra.projectOutMean(w);
            }
            double b = norm(w);
            if (k == alpha.length) {
                alpha = java.util.Arrays.copyOf(alpha, Math.min(limit, 2 * alpha.length));
                beta = java.util.Arrays.copyOf(beta, alpha.length);
            }
            alpha[k] = a;
            beta[k] = b;
            k++;
            double scaleNorm = Math.abs(a) + b + betaPrev;
            boolean breakdown = b <= 1e-13 * Math.max(1, scaleNorm);
            if (breakdown || k == limit || k >= nextCheck) {
                max = extremeRitz(alpha, beta, k, true);
                min = both ? extremeRitz(alpha, beta, k, false) : Double.NaN;
                if (breakdown) {
                    converged = true;
                    break;
                }
                if (close(max, prevMax) && (!both || close(min, prevMin))) {
                    converged = true;
                    break;
                }
                prevMax = max;
                prevMin = min;
                nextCheck = k + Math.max(8, k / 16);
            }
            double[] t = vPrev;
            vPrev = v;
            v = t;
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / b;
            }
            betaPrev = b;
        }
        return new Result(max, min, k, converged);
    }

    private static boolean close(double x, double previous) {
        return Math.abs(x - previous) <= RELATIVE_TOLERANCE * Math.max(1, Math.abs(x));
    }

    /**
     * Largest (or smallest) eigenvalue of the k x k tridiagonal matrix with diagonal alpha and
     * off-diagonal beta, by bisection on the Sturm count until the interval cannot shrink.
     */
    static double extremeRitz(double[] alpha, double[] beta, int k, boolean largest) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i + 1 < k ? Math.abs(beta[i]) : 0);
            lo = Math.min(lo, alpha[i] - r);
            hi = Math.max(hi, alpha[i] + r);
        }
        int target = largest ? k : 1;
        while (true) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                return largest ? hi : lo;
            }
            if (countBelow(alpha, beta, k, mid) >= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
    }

    /** Number of eigenvalues of the tridiagonal matrix below x (Sturm sequence). */
    private static int countBelow(double[] alpha, double[] beta, int k, double x) {
        int count = 0;
        double q = 1;
        for (int i = 0; i < k; i++) {
            double b2 = i > 0 ? beta[i - 1] * beta[i - 1] : 0;
            q = alpha[i] - x - (i > 0 ? b2 / q : 0);
            if (q == 0) {
                q = -1e-300;
            }
            if (q < 0) {
                count++;
            }
        }
        return count;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void scale(double[] a, double f) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= f;
        }
    }
}
