package io.dlsim.algorithms.optim;

import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingValidator;
import io.dlsim.topologies.schedule.MixingSchedule;
import io.dlsim.topologies.settings.InvalidSettingsException;
import io.dlsim.topologies.spectra.Spectra;
import java.util.List;

/**
 * How the K gossip rounds of a step ({@link GossipRounds}) are combined, for {@code dsgd},
 * {@code dspg} and {@code dpsvrg} (one implementation, in {@link MixingStepNode}).
 * <ul>
 *   <li>{@link #NONE}: K plain rounds, {@code y_K = W^K y_0}; the disagreement shrinks by at most
 *       lambda^K, lambda = {@code ||W - 11^T/n||_2}.</li>
 *   <li>{@link #CHEBYSHEV}: Chebyshev-accelerated gossip (the semi-iterative method of Golub and
 *       Varga, 1961, as used for multi-consensus by Scaman, Bach, Bubeck, Lee and Massoulié,
 *       ICML 2017, and Li et al.'s DPSVRG analysis):
 *       <pre>
 *   y_1 = W y_0,   y_{k+1} = omega_{k+1} (W y_k - y_{k-1}) + y_{k-1},
 *   omega_1 = 1,   omega_2 = 2 / (2 - lambda^2),   omega_{k+1} = 1 / (1 - lambda^2 omega_k / 4)
 *       </pre>
 *       so {@code y_K = P_K(W) y_0} with {@code P_K(t) = T_K(t / lambda) / T_K(1 / lambda)}
 *       (T_K the Chebyshev polynomial): P_K(1) = 1 keeps the average, and on the eigenvalues
 *       in [-lambda, lambda] |P_K| <= 1 / T_K(1 / lambda) ~ 2 (1 - sqrt(2 (1 - lambda)))^K, so K
 *       rounds do the work of about K / sqrt(2 (1 - lambda)) plain ones for large K (measured
 *       on the slowest mode, ChebyshevAccelerationTest: on a 16-node ring 5 rounds shrink it by
 *       0.378 = 1 / T_5(1 / lambda), as much as 19 plain rounds; on a 5 x 5 grid 8 rounds as
 *       much as 31). Each round is still one round of messages, counted as such. It
 *       needs a symmetric, doubly stochastic, static W and its lambda: by default the run's
 *       {@code ||W - 11^T/n||_2}, resolved when the scenario is read ({@link #lambdaOf}); a
 *       given {@code chebyshev-lambda} must bound |eigenvalue| of every W(t) off consensus.</li>
 * </ul>
 */
public enum Acceleration {
    NONE, CHEBYSHEV;

    /**
     * lambda = {@code ||W - 11^T/n||_2} of a static, symmetric, doubly stochastic schedule, as
     * Chebyshev acceleration needs it; a user error at {@code acceleration} otherwise.
     */
    public static double lambdaOf(MixingSchedule schedule) {
        if (schedule.period().orElse(0) != 1) {
            throw invalid("chebyshev needs a static topology to take its lambda from, got "
                    + schedule.describe() + "; give chebyshev-lambda, a bound on |eigenvalue| of every W(t) off consensus");
        }
        MixingMatrix w = schedule.at(0);
        if (!w.isSymmetric(Spectra.SYMMETRY_TOLERANCE) || !w.isDoublyStochastic(MixingValidator.TOLERANCE)) {
            throw invalid("chebyshev needs a symmetric, doubly stochastic W (its eigenvalues "
                    + "are real and 1 is the consensus one), but " + schedule.describe() + " is not; use metropolis-hastings "
                    + "or max-degree weights on an undirected graph");
        }
        double lambda = Spectra.of(w).lambda();
        if (!(lambda > 0 && lambda < 1)) {
            throw invalid("chebyshev needs lambda = ||W - 11^T/n||_2 in (0, 1), but "
                    + schedule.describe() + " has lambda = " + lambda + (lambda == 0 ? " (one plain round already averages)" : ""));
        }
        return lambda;
    }

    private static InvalidSettingsException invalid(String reason) {
        return new InvalidSettingsException(List.of(new InvalidSettingsException.Problem("acceleration", reason)));
    }

    /** The Chebyshev weights omega_1..omega_k of {@link #CHEBYSHEV}, computed incrementally. */
    static final class Weights implements io.dlsim.algorithms.engine.NodeState.Stateful {
        private final double lambdaSquared;
        private double omega;
        private int k;

        Weights(double lambda) {
            this.lambdaSquared = lambda * lambda;
        }

        /** Restarts at omega_1 (a new step). */
        void reset() {
            k = 0;
        }

        /** omega_{k+1} for the round k = 0, 1, ... of the step. */
        double next() {
            omega = k == 0 ? 1 : k == 1 ? 2 / (2 - lambdaSquared) : 1 / (1 - lambdaSquared * omega / 4);
            k++;
            return omega;
        }
    }
}
