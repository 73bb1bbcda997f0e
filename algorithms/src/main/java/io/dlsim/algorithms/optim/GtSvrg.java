package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.settings.Problems;
import java.util.Objects;

/**
 * GT-SVRG (Xin, Khan and Kar, IEEE Trans. Signal Process. 2020): gradient tracking
 * ({@link TrackingNode}) of the SVRG estimator, for {@code min (1/n) sum_i f_i(x) + r(x)} with
 * {@code f_i} a finite sum over node i's shard. Epoch s (m steps) starts from the snapshot
 * {@code tau_i = x_i^{sm}} with its full local gradient {@code mu_i = grad f_i(tau_i)}:
 * <pre>
 *   y_i^0 = v_i^0 = grad f_i(x_i^0)
 *   x_i^{k+1} = prox_{eta r}( sum_j W_ij x_j^k - eta y_i^k )
 *   v_i^{k+1} = grad f_{i,xi}(x_i^{k+1}) - grad f_{i,xi}(tau_i) + mu_i        (same minibatch xi)
 *   y_i^{k+1} = sum_j W_ij y_j^k + v_i^{k+1} - v_i^k
 * </pre>
 * and after step (s+1)m the snapshot moves to {@code x_i^{(s+1)m}}. The paper treats smooth
 * problems; the proximal step after the x update is the same extension as in
 * {@link GradientTracking}. With a constant step the variance of v_i vanishes at the optimum
 * and the tracking removes the heterogeneity bias: linear convergence to the optimum.
 * Gradient evaluations count 2b per step and the shard size per snapshot.
 */
public final class GtSvrg extends TrackingNode {
    /**
     * GT-SVRG's settings.
     *
     * @param stepSize eta > 0 (required)
     * @param stepSchedule default constant (the method's form)
     * @param batchSize minibatch per step, >= 1; default 8
     * @param regularizer r, applied by the proximal step after the x update; default none
     * @param epochLength steps per epoch m >= 1; 0 (default) means {@code ceil(local samples / batch)}
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer,
            Integer epochLength) implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            regularizer = Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            Problems p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            epochLength = p.atLeast("epoch-length", epochLength, 0, 0);
            p.throwIfAny();
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new GtSvrg(ctx, stepSchedule.create(stepSize, rounds), regularizer.create(ctx.model().biasIndices()), epochLength);
        }
    }

    private final int epochLength;
    private final double[] snapshot;
    private final double[] mu;
    private final double[] snapshotGradient;
    private long estimates;

    public GtSvrg(NodeContext ctx, StepSize stepSize, Regularizer regularizer, int epochLength) {
        super(ctx, stepSize, regularizer);
        int shard = ctx.shard().size();
        this.epochLength = epochLength > 0 ? epochLength : (shard + ctx.batchSize() - 1) / ctx.batchSize();
        int d = x.length;
        snapshot = new double[d];
        mu = new double[d];
        snapshotGradient = new double[d];
    }

    /** Steps per epoch m. */
    public int epochLength() {
        return epochLength;
    }

    @Override
    protected void estimate(double[] at, double[] out) {
        if (estimates++ == 0) {
            takeSnapshot(at);
            System.arraycopy(mu, 0, out, 0, out.length);
            return;
        }
        minibatchGradient(at, out);
        // Same minibatch at the snapshot: the sampler is not advanced again.
        ctx.model().gradient(snapshot, ctx.shard(), batch, batch.length, snapshotGradient);
        counters.addGradients(batch.length);
        for (int c = 0; c < out.length; c++) {
            out[c] = out[c] - snapshotGradient[c] + mu[c];
        }
        if ((estimates - 1) % epochLength == 0) {
            takeSnapshot(at);
        }
    }

    private void takeSnapshot(double[] at) {
        System.arraycopy(at, 0, snapshot, 0, snapshot.length);
        fullGradient(snapshot, mu);
    }
}
