package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.schedule.MixingSchedule;
import java.util.Objects;

/**
 * Decentralized stochastic proximal gradient (DSPG; e.g. Yuan et al. 2018, the baseline of
 * Li et al., arXiv 2112.10389) for {@code min (1/n) sum_i f_i(x) + r(x)}:
 * <pre>
 *   combine-then-adapt (default):  x_i <- prox_{eta_t r}( sum_j [W^K]_ij x_j - eta_t g_i(x_i) )
 *   adapt-then-combine:            x_i <- prox_{eta_t r}( sum_j [W^K]_ij (x_j - eta_t g_j(x_j)) )
 * </pre>
 * typically with eta_t = eta_0 / sqrt(t + 1), {@code g_i} the minibatch gradient at the
 * pre-mixing model and K = K_t gossip rounds per step (default 1; the variant and the rounds
 * are {@link BaseNode}'s). The decaying step is what limits it to O(1/sqrt(T)): the gradient
 * noise does not vanish at the optimum. DPSVRG's variance reduction allows a constant step.
 */
public final class Dspg extends MixingStepNode {
    /**
     * DSPG's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_t; default inverse-sqrt (eta_0 / sqrt(t + 1)), the usual DSPG choice
     * @param batchSize minibatch per node and step, >= 1; default 8
     * @param regularizer r, applied by the proximal step; default none
     * @param variant default combine-then-adapt
     * @param gossipRounds K_t gossip rounds per step t; default 1
     * @param acceleration how the K rounds combine: none (default, W^K) or chebyshev
     * @param chebyshevLambda Chebyshev's bound lambda in (0, 1); default (null) the run's ||W - 11^T/n||_2
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer,
            Variant variant, GossipRounds gossipRounds, Acceleration acceleration, Double chebyshevLambda)
            implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.InverseSqrt());
            regularizer = Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
            variant = Objects.requireNonNullElse(variant, Variant.COMBINE_THEN_ADAPT);
            gossipRounds = Objects.requireNonNullElse(gossipRounds, GossipRounds.ONE);
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            acceleration = Objects.requireNonNullElse(acceleration, Acceleration.NONE);
            var p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            AlgorithmSettings.checkAcceleration(p, acceleration, chebyshevLambda);
            p.throwIfAny();
        }

        /** DSPG with K_t plain gossip rounds. */
        public Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer,
                Variant variant, GossipRounds gossipRounds) {
            this(stepSize, stepSchedule, batchSize, regularizer, variant, gossipRounds, null, null);
        }

        @Override
        public AlgorithmSettings forSchedule(MixingSchedule schedule) {
            return acceleration == Acceleration.CHEBYSHEV && chebyshevLambda == null
                    ? new Settings(stepSize, stepSchedule, batchSize, regularizer, variant, gossipRounds, acceleration,
                            Acceleration.lambdaOf(schedule))
                    : this;
        }

        /** DSPG combine-then-adapt with one gossip round per step. */
        public Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer) {
            this(stepSize, stepSchedule, batchSize, regularizer, null, null, null, null);
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
            return new Dspg(ctx, stepSchedule.create(stepSize, rounds), regularizer.create(ctx.model().biasIndices()), variant,
                    gossipRounds, AlgorithmSettings.chebyshevLambda(acceleration, chebyshevLambda));
        }
    }

    private final StepSize stepSize;

    public Dspg(NodeContext ctx, StepSize stepSize, Regularizer regularizer, Variant variant, GossipRounds gossipRounds) {
        this(ctx, stepSize, regularizer, variant, gossipRounds, 0);
    }

    /** With {@code chebyshevLambda > 0}, the K_t rounds are Chebyshev-accelerated ({@link Acceleration}). */
    public Dspg(NodeContext ctx, StepSize stepSize, Regularizer regularizer, Variant variant, GossipRounds gossipRounds,
            double chebyshevLambda) {
        super(ctx, variant, gossipRounds, regularizer, false, chebyshevLambda);
        this.stepSize = stepSize;
    }

    @Override
    protected void prepareStep() {
        eta = stepSize.at(step);
        minibatchGradient(x, gradient);
    }
}
