package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.settings.Problems;
import java.util.Objects;

/**
 * Gradient tracking: DIGing (Nedić, Olshevsky and Shi, SIAM J. Optim. 2017) with full local
 * gradients, GT-SGD / DSGT (Pu and Nedić, Math. Program. 2021) with minibatch gradients, for
 * {@code min (1/n) sum_i f_i(x) + r(x)}:
 * <pre>
 *   y_i^0 = g_i(x_i^0)
 *   x_i^{k+1} = prox_{eta r}( sum_j W_ij x_j^k - eta y_i^k )
 *   y_i^{k+1} = sum_j W_ij y_j^k + g_i(x_i^{k+1}) - g_i(x_i^k)
 * </pre>
 * with {@code g_i} the full local gradient ({@code gradient: full}, DIGing) or a minibatch
 * gradient ({@code gradient: minibatch}, GT-SGD). The proximal step after the x update is the
 * proximal gradient-tracking extension (e.g. Di Lorenzo and Scutari's NEXT, 2016); its fixed
 * points are consensual minimizers of f + r, so with full gradients and a constant step the
 * iterates converge to the optimum on heterogeneous data, where D-SGD / DSPG keep an O(eta)
 * bias. With minibatches a constant step leaves a variance floor (see {@link GtSvrg}).
 * Each round sends {@code [x_i, y_i]}: twice D-SGD's bytes.
 */
public final class GradientTracking extends TrackingNode {
    /** Which local gradient g_i is tracked. */
    public enum Gradient {
        /** A minibatch gradient of {@code batch-size} examples (GT-SGD; the default). */
        MINIBATCH,
        /** The full local gradient over the shard (DIGing); {@code batch-size} is not used. */
        FULL
    }

    /**
     * Gradient tracking's settings.
     *
     * @param stepSize eta > 0 (required)
     * @param stepSchedule default constant (the method's form)
     * @param batchSize minibatch per node and round, >= 1; default 8 (with {@code gradient: minibatch})
     * @param regularizer r, applied by the proximal step after the x update; default none
     * @param gradient minibatch (default, GT-SGD) or full (DIGing)
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer,
            Gradient gradient) implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            regularizer = Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
            gradient = Objects.requireNonNullElse(gradient, Gradient.MINIBATCH);
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            Problems p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            p.throwIfAny();
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new GradientTracking(ctx, stepSchedule.create(stepSize, rounds), regularizer.create(ctx.model().biasIndices()),
                    gradient == Gradient.FULL);
        }
    }

    private final boolean full;

    public GradientTracking(NodeContext ctx, StepSize stepSize, Regularizer regularizer, boolean fullGradient) {
        super(ctx, stepSize, regularizer);
        this.full = fullGradient;
    }

    @Override
    protected void estimate(double[] at, double[] out) {
        if (full) {
            fullGradient(at, out);
        } else {
            minibatchGradient(at, out);
        }
    }

    @Override
    public double epochs() {
        return gradientPasses();
    }
}
