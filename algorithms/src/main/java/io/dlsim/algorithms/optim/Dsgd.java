package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.NoRegularizer;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.Objects;

/**
 * Decentralized SGD (Lian et al., NeurIPS 2017; the form analysed by Zhu et al., ICML 2022):
 * <pre>
 *   combine-then-adapt (default):  x_i <- sum_j [W^K]_ij x_j - eta_t g_i(x_i)
 *   adapt-then-combine:            x_i <- sum_j [W^K]_ij (x_j - eta_t g_j(x_j))
 * </pre>
 * with {@code g_i} the minibatch gradient of node i's loss at its pre-mixing model x_i and K =
 * K_t gossip rounds per step (default 1; the variant and the rounds are {@link BaseNode}'s).
 * With step size 0 this is pure gossip averaging; on the complete graph with uniform weights
 * and a shared initialisation the adapt-then-combine form is exactly centralized minibatch SGD
 * on the union of the nodes' minibatches. The step size is indexed by the step t.
 */
public final class Dsgd extends MixingStepNode {
    /**
     * D-SGD's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_t; default constant
     * @param batchSize minibatch per node and step, >= 1; default 8
     * @param variant default combine-then-adapt (Zhu et al.'s form)
     * @param gossipRounds K_t gossip rounds per step t; default 1
     * @param acceleration how the K rounds combine: none (default, W^K) or chebyshev
     * @param chebyshevLambda Chebyshev's bound lambda in (0, 1); default (null) the run's ||W - 11^T/n||_2
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, Variant variant,
            GossipRounds gossipRounds, Acceleration acceleration, Double chebyshevLambda) implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            variant = Objects.requireNonNullElse(variant, Variant.COMBINE_THEN_ADAPT);
            gossipRounds = Objects.requireNonNullElse(gossipRounds, GossipRounds.ONE);
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            acceleration = Objects.requireNonNullElse(acceleration, Acceleration.NONE);
            var p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            AlgorithmSettings.checkAcceleration(p, acceleration, chebyshevLambda);
            p.throwIfAny();
        }

        /** D-SGD with K_t plain gossip rounds. */
        public Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, Variant variant, GossipRounds gossipRounds) {
            this(stepSize, stepSchedule, batchSize, variant, gossipRounds, null, null);
        }

        @Override
        public AlgorithmSettings forSchedule(MixingSchedule schedule) {
            return acceleration == Acceleration.CHEBYSHEV && chebyshevLambda == null
                    ? new Settings(stepSize, stepSchedule, batchSize, variant, gossipRounds, acceleration, Acceleration.lambdaOf(schedule))
                    : this;
        }

        /** D-SGD with one gossip round per step. */
        public Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, Variant variant) {
            this(stepSize, stepSchedule, batchSize, variant, null, null, null);
        }

        /** True: the message is the node's model, so a row re-weighted over what arrived is still a mixing step. */
        @Override
        public boolean toleratesLostMessages() {
            return true;
        }

        /** Under churn the rows change every round: Chebyshev's lambda of one W does not hold. */
        @Override
        public boolean toleratesChurn() {
            return acceleration == Acceleration.NONE;
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new Dsgd(ctx, stepSchedule.create(stepSize, rounds), variant, gossipRounds,
                    AlgorithmSettings.chebyshevLambda(acceleration, chebyshevLambda));
        }
    }

    private final StepSize stepSize;

    public Dsgd(NodeContext ctx, StepSize stepSize, Variant variant, GossipRounds gossipRounds) {
        this(ctx, stepSize, variant, gossipRounds, 0);
    }

    /** With {@code chebyshevLambda > 0}, the K_t rounds are Chebyshev-accelerated ({@link Acceleration}). */
    public Dsgd(NodeContext ctx, StepSize stepSize, Variant variant, GossipRounds gossipRounds, double chebyshevLambda) {
        super(ctx, variant, gossipRounds, new NoRegularizer(), false, chebyshevLambda);
        this.stepSize = stepSize;
    }

    @Override
    protected void prepareStep() {
        eta = stepSize.at(step);
        minibatchGradient(x, gradient);
    }
}
