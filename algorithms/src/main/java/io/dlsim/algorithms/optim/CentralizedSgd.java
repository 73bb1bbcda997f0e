package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import java.util.List;
import java.util.Objects;

/**
 * Centralized minibatch (proximal) SGD on the union of the nodes' minibatches, the baseline
 * every decentralized run is compared with: one model x; in round t every node i draws its
 * minibatch from its own shard and stream exactly as it would in a decentralized run, and
 * <pre>
 *   x <- prox_{eta_t r}( x - eta_t (1/n) sum_i g_i(x) )
 * </pre>
 * (no prox when there is no regularizer). With equal batch sizes the mean of the nodes' mean
 * gradients is the mean gradient over the union of their minibatches. On the complete graph
 * with uniform weights and a shared initialisation, adapt-then-combine D-SGD equals this up to
 * rounding.
 */
public final class CentralizedSgd {
    /**
     * The centralized baseline's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_t; default constant
     * @param batchSize minibatch per node and round, >= 1; default 8
     * @param regularizer r, applied by a proximal step; default none
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer)
            implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            regularizer = Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize).throwIfAny();
        }

        /** Not a per-node algorithm: the centralized baseline runs one model ({@link #createCentralized}). */
        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            throw new UnsupportedOperationException("centralized runs one model, not one per node (use createCentralized)");
        }

        /** The centralized baseline over all nodes' shards and samplers. */
        public CentralizedSgd createCentralized(List<NodeContext> contexts, long rounds) {
            return new CentralizedSgd(contexts, stepSchedule.create(stepSize, rounds),
                    regularizer.isNone() ? null : regularizer.create(contexts.get(0).model().biasIndices()));
        }
    }

    private final List<NodeContext> contexts;
    private final StepSize stepSize;
    private final Regularizer regularizer;
    private final double[] x;
    private final double[] sum;
    private final double[] gradient;
    private final int[] batch;
    private long round;
    private long gradientEvaluations;

    public CentralizedSgd(List<NodeContext> contexts, StepSize stepSize, Regularizer regularizer) {
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("centralized SGD needs at least one shard");
        }
        this.contexts = List.copyOf(contexts);
        this.stepSize = stepSize;
        this.regularizer = regularizer;
        this.x = contexts.get(0).initialParameters().clone();
        this.sum = new double[x.length];
        this.gradient = new double[x.length];
        this.batch = new int[contexts.get(0).batchSize()];
    }

    public void runRound() {
        java.util.Arrays.fill(sum, 0.0);
        for (NodeContext c : contexts) {
            int b = c.batchSize();
            int[] idx = b == batch.length ? batch : new int[b];
            c.sampler().next(idx, b);
            c.model().gradient(x, c.shard(), idx, b, gradient);
            gradientEvaluations += b;
            for (int k = 0; k < x.length; k++) {
                sum[k] += gradient[k];
            }
        }
        double eta = stepSize.at(round);
        double inv = 1.0 / contexts.size();
        for (int k = 0; k < x.length; k++) {
            x[k] -= eta * (sum[k] * inv);
        }
        if (regularizer != null) {
            regularizer.prox(x, eta, x);
        }
        round++;
    }

    public double[] parameters() {
        return x;
    }

    public long round() {
        return round;
    }

    public long gradientEvaluations() {
        return gradientEvaluations;
    }

    /** Mean over nodes of examples drawn / shard size. */
    public double epochs() {
        double e = 0;
        for (NodeContext c : contexts) {
            e += (double) c.sampler().samplesDrawn() / c.sampler().shardSize();
        }
        return e / contexts.size();
    }
}
