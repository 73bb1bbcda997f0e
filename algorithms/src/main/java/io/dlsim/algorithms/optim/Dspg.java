package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import java.util.Objects;

/**
 * Decentralized stochastic proximal gradient (DSPG; e.g. Yuan et al. 2018, the baseline of
 * Li et al., arXiv 2112.10389) for {@code min (1/n) sum_i f_i(x) + r(x)}:
 * <pre>
 *   x_i <- prox_{eta_t r}( sum_j W_ij(t) x_j - eta_t g_i(x_i) ),   typically eta_t = eta_0 / sqrt(t + 1)
 * </pre>
 * with {@code g_i} the minibatch gradient at the pre-mixing model. The decaying step is what
 * limits it to O(1/sqrt(T)); DPSVRG's variance reduction allows a constant step.
 */
public final class Dspg extends BaseNode {
    /**
     * DSPG's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_t; default inverse-sqrt (eta_0 / sqrt(t + 1)), the usual DSPG choice
     * @param batchSize minibatch per node and round, >= 1; default 8
     * @param regularizer r, applied by the proximal step; default none
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer)
            implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.InverseSqrt());
            regularizer = Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize).throwIfAny();
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new Dspg(ctx, stepSchedule.create(stepSize, rounds), regularizer.create(ctx.model().biasIndices()));
        }
    }

    private final StepSize stepSize;
    private final Regularizer regularizer;
    private double eta;

    public Dspg(NodeContext ctx, StepSize stepSize, Regularizer regularizer) {
        super(ctx);
        this.stepSize = stepSize;
        this.regularizer = regularizer;
    }

    @Override
    public double[] outgoing(long round) {
        eta = stepSize.at(round);
        minibatchGradient(x, gradient);
        System.arraycopy(x, 0, message, 0, x.length);
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        for (int c = 0; c < x.length; c++) {
            x[c] = mixed[c] - eta * gradient[c];
        }
        regularizer.prox(x, eta, x);
    }
}
