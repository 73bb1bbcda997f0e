package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import java.util.Objects;

/**
 * AD-PSGD, asynchronous decentralized parallel SGD (Lian, Zhang, Zhang and Liu, ICML 2018). Each
 * node loops on its own, without rounds: at its step k it reads its model x_i' and computes a
 * minibatch gradient g there ({@link #outgoing}: the message is x_i', sent with an averaging
 * request); a peer j drawn from its row of W averages atomically when the request arrives,
 * <pre>
 *   x_j <- (x_i' + x_j) / 2        (j's {@link #averageWith}; the reply is this average a)
 *   x_i <- x_i + (a - x_i') - eta_k g     ({@link #step} with mixed = a)
 * </pre>
 * so the gradient is applied at a model older than the one it updates, as in the paper. The
 * conflict rule: averaging is atomic at the passive node, and the active node adds the change
 * the averaging made to the model it read, so averagings that reached it meanwhile (it was a
 * passive peer) are kept; with none, x_i becomes a exactly. Pairwise averaging keeps the sum of
 * the models, so the mean moves only by the gradient steps. The step size is indexed by the
 * node's own step count. Runs only with {@code execution: asynchronous}
 * ({@link io.dlsim.algorithms.engine.EventEngine}).
 */
public final class AdPsgd extends BaseNode implements PairwiseAveraging {
    /**
     * AD-PSGD's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_k over the node's steps; default constant
     * @param batchSize minibatch per node and step, >= 1; default 8
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize) implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize).throwIfAny();
        }

        @Override
        public boolean runsOnlyAsynchronously() {
            return true;
        }

        /** True: under churn a node averages with a peer drawn among its neighbours online then ({@code EventEngine}); no row is re-weighted. */
        @Override
        public boolean toleratesChurn() {
            return true;
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new AdPsgd(ctx, stepSchedule.create(stepSize, rounds));
        }
    }

    private final StepSize stepSize;
    private double eta;
    private long step;
    /** Whether a peer averaged with this node since it read its model for the current step. */
    private boolean averagedSinceRead;

    public AdPsgd(NodeContext ctx, StepSize stepSize) {
        super(ctx);
        this.stepSize = stepSize;
    }

    /** Reads the model (the message) and computes the step's gradient there. */
    @Override
    public double[] outgoing(long round) {
        eta = stepSize.at(step);
        minibatchGradient(x, gradient);
        System.arraycopy(x, 0, message, 0, x.length);
        averagedSinceRead = false;
        return message;
    }

    /** Applies the averaging's reply {@code mixed} (the pair's average) and the gradient. */
    @Override
    public void step(long round, double[] mixed) {
        for (int c = 0; c < x.length; c++) {
            double averaged = averagedSinceRead ? x[c] + (mixed[c] - message[c]) : mixed[c];
            x[c] = averaged - eta * gradient[c];
        }
        step++;
    }

    @Override
    public void averageWith(double[] peer, double[] out) {
        for (int c = 0; c < x.length; c++) {
            x[c] = (peer[c] + x[c]) * 0.5;
        }
        System.arraycopy(x, 0, out, 0, x.length);
        averagedSinceRead = true;
    }
}
