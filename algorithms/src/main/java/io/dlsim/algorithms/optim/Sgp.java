package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.mixing.Stochasticity;
import java.util.Objects;

/**
 * Stochastic gradient push (Nedić and Olshevsky, IEEE TAC 2016; Assran, Loizou, Ballas and
 * Rabbat, "Stochastic Gradient Push for Distributed Deep Learning", ICML 2019, Algorithm 1):
 * D-SGD for directed graphs, on push-sum ({@link PushSumNode}) with column-stochastic W:
 * <pre>
 *   x_i^{k+1/2} = x_i^k - eta_k g_i(z_i^k)
 *   x_i^{k+1}   = sum_j W_ij x_j^{k+1/2},   w_i^{k+1} = sum_j W_ij w_j^k,   z_i^{k+1} = x_i^{k+1} / w_i^{k+1}
 * </pre>
 * with {@code g_i} the minibatch gradient of node i's loss at its de-biased model z_i. The
 * average of the x_i moves by the average gradient, as D-SGD's does with a doubly stochastic W,
 * which a directed graph with unequal degrees cannot have. The step size is indexed by the round.
 */
public final class Sgp extends PushSumNode {
    /**
     * SGP's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_k; default constant
     * @param batchSize minibatch per node and round, >= 1; default 8
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize) implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize).throwIfAny();
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new Sgp(ctx, stepSchedule.create(stepSize, rounds));
        }

        @Override
        public Stochasticity needsWeights() {
            return NEEDS;
        }
    }

    private final StepSize stepSize;

    public Sgp(NodeContext ctx, StepSize stepSize) {
        super(ctx);
        this.stepSize = stepSize;
    }

    @Override
    protected void prepareStep(long round) {
        eta = stepSize.at(round);
        minibatchGradient(parameters(), gradient);
    }
}
