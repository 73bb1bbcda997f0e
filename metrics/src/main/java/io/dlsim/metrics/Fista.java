package io.dlsim.metrics;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.prox.Regularizer;

/**
 * The centralized high-precision solver behind the optimality gap: FISTA (Beck and Teboulle,
 * SIAM J. Imaging Sci. 2009) with backtracking on the Lipschitz constant and adaptive
 * function-value restart (O'Donoghue and Candès, 2015) for the convex objective
 * {@code F(x) = (1/N) sum_k l(x; a_k, b_k) + r(x)} on the whole training set:
 * <pre>
 *   x_{k+1} = prox_{r/L}( y_k - grad f(y_k) / L ),   t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,
 *   y_{k+1} = x_{k+1} + ((t_k - 1) / t_{k+1}) (x_{k+1} - x_k)
 * </pre>
 * It stops when the gradient mapping {@code L ||y - x_{k+1}||} falls below the tolerance, or when
 * F has not decreased by more than {@code 1e-15 |F|} in {@value #STALL} iterations (F is then
 * exact to rounding: the mapping norm of a well-solved problem bottoms out near 1e-9 because
 * the backtracking compares function values), and reports F at the last point, which is
 * the best one (the iteration is monotone). Computed once per scenario. Its passes over the
 * training set are spread over the cores ({@link Model#lossAndGradientInParallel}), the same bits
 * as one thread's.
 */
public final class Fista {
    /** The minimiser found and its objective value. */
    public record Solution(double[] x, double value, int iterations, double gradientMappingNorm) {
    }

    /** Iterations without progress after which F is taken as converged. */
    static final int STALL = 200;

    private Fista() {
    }

    /**
     * Minimises F from {@code start}.
     *
     * @param regularizer r, or null for none
     * @param tolerance stop when the gradient mapping norm is below this (e.g. 1e-10)
     */
    public static Solution minimize(Model model, Dataset train, Regularizer regularizer, double[] start, double tolerance,
            int maxIterations) {
        int d = start.length;
        double[] x = start.clone();
        double[] y = start.clone();
        double[] xNext = new double[d];
        double[] grad = new double[d];
        double lipschitz = 1.0;
        double t = 1;
        double fx = model.lossInParallel(x, train) + (regularizer == null ? 0 : regularizer.value(x));
        double mapping = Double.POSITIVE_INFINITY;
        double lastProgress = fx;
        int sinceProgress = 0;
        int it = 0;
        for (; it < maxIterations; it++) {
            double fy = model.lossAndGradientInParallel(y, train, grad);
            // Backtracking: the smallest tried L with f(p) <= f(y) + <g, p - y> + L/2 ||p - y||^2.
            double fNext;
            while (true) {
                for (int c = 0; c < d; c++) {
                    xNext[c] = y[c] - grad[c] / lipschitz;
                }
                if (regularizer != null) {
                    regularizer.prox(xNext, 1 / lipschitz, xNext);
                }
                double smooth = model.lossInParallel(xNext, train);
                double lin = 0;
                double sq = 0;
                for (int c = 0; c < d; c++) {
                    double diff = xNext[c] - y[c];
                    lin += grad[c] * diff;
                    sq += diff * diff;
                }
                if (smooth <= fy + lin + 0.5 * lipschitz * sq + 1e-15 * Math.abs(fy)) {
                    fNext = smooth + (regularizer == null ? 0 : regularizer.value(xNext));
                    mapping = lipschitz * Math.sqrt(sq);
                    break;
                }
                lipschitz *= 2;
            }
            if (fNext > fx) {
                // Restart the momentum when the objective goes up.
                t = 1;
                System.arraycopy(x, 0, y, 0, d);
                if (++sinceProgress >= STALL) {
                    break;
                }
                continue;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            double beta = (t - 1) / tNext;
            for (int c = 0; c < d; c++) {
                double xc = xNext[c];
                y[c] = xc + beta * (xc - x[c]);
                x[c] = xc;
            }
            t = tNext;
            fx = fNext;
            // Let L shrink slowly again so a pessimistic early estimate does not slow the end.
            lipschitz *= 0.95;
            if (mapping < tolerance) {
                break;
            }
            if (lastProgress - fx > 1e-15 * Math.max(1, Math.abs(fx))) {
                lastProgress = fx;
                sinceProgress = 0;
            } else if (++sinceProgress >= STALL) {
                break;
            }
        }
        return new Solution(x, fx, it, mapping);
    }

    /** {@code F(x) = f(x) + r(x)} on the whole training set. */
    public static double objective(Model model, Dataset train, Regularizer regularizer, double[] x) {
        return model.loss(x, train) + (regularizer == null ? 0 : regularizer.value(x));
    }
}
