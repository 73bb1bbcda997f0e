package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import java.util.Objects;

/**
 * Decentralized SGD (Lian et al., NeurIPS 2017; the form analysed by Zhu et al., ICML 2022):
 * <pre>
 *   combine-then-adapt (default):  x_i <- sum_j W_ij(t) x_j - eta_t g_i(x_i)
 *   adapt-then-combine:            x_i <- sum_j W_ij(t) (x_j - eta_t g_j(x_j))
 * </pre>
 * with {@code g_i} the minibatch gradient of node i's loss at its pre-mixing model x_i. With
 * step size 0 this is pure gossip averaging; on the complete graph with uniform weights and a
 * shared initialisation the adapt-then-combine form is exactly centralized minibatch SGD on the
 * union of the nodes' minibatches.
 */
public final class Dsgd extends BaseNode {
    /** Where the gradient step sits relative to the mixing. */
    public enum Variant {
        /** {@code x_i <- sum_j W_ij x_j - eta g_i(x_i)} (Zhu et al.'s form; the default). */
        COMBINE_THEN_ADAPT,
        /** {@code x_i <- sum_j W_ij (x_j - eta g_j(x_j))}. */
        ADAPT_THEN_COMBINE
    }

    /**
     * D-SGD's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_t; default constant
     * @param batchSize minibatch per node and round, >= 1; default 8
     * @param variant default combine-then-adapt
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, Variant variant)
            implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            variant = Objects.requireNonNullElse(variant, Variant.COMBINE_THEN_ADAPT);
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize).throwIfAny();
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new Dsgd(ctx, stepSchedule.create(stepSize, rounds), variant == Variant.ADAPT_THEN_COMBINE);
        }
    }

    private final StepSize stepSize;
    private final boolean adaptThenCombine;
    private double eta;

    public Dsgd(NodeContext ctx, StepSize stepSize, boolean adaptThenCombine) {
        super(ctx);
        this.stepSize = stepSize;
        this.adaptThenCombine = adaptThenCombine;
    }

    @Override
    public double[] outgoing(long round) {
        eta = stepSize.at(round);
        minibatchGradient(x, gradient);
        if (adaptThenCombine) {
            for (int c = 0; c < x.length; c++) {
                message[c] = x[c] - eta * gradient[c];
            }
        } else {
            System.arraycopy(x, 0, message, 0, x.length);
        }
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        if (adaptThenCombine) {
            System.arraycopy(mixed, 0, x, 0, x.length);
        } else {
            for (int c = 0; c < x.length; c++) {
                x[c] = mixed[c] - eta * gradient[c];
            }
        }
    }
}
