package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.stepsize.StepSchedule;
import java.util.Objects;
import io.dlsim.topologies.settings.Problems;

/**
 * Asynchronous gossip D-SGD with bounded staleness (the asynchronous D-SGD of Lian et al. 2018's
 * comparison, and of gossip frameworks): each node loops compute -> send -> combine on its own,
 * <pre>
 *   x_i <- sum_j W_ij xhat_j - eta_k g_i(x_i),    xhat_i = x_i, xhat_j the latest model received from j
 * </pre>
 * (D-SGD's combine-then-adapt step, {@link Dsgd}), where a node whose latest message from some
 * in-neighbour is more than {@code max-staleness} S of its own steps old waits for a newer one
 * before it combines (a neighbour it never heard from is left out, its row re-normalised over the
 * others, when S allows). With every node equally fast and no jitter, S = 0 is synchronous D-SGD
 * bit for bit. Runs only with {@code execution: asynchronous}
 * ({@link io.dlsim.algorithms.engine.EventEngine}), which also measures the staleness of every
 * message combined.
 */
public final class AsyncGossip {
    private AsyncGossip() {
    }

    /**
     * Asynchronous gossip's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_k over the node's steps; default constant
     * @param batchSize minibatch per node and step, >= 1; default 8
     * @param maxStaleness S >= 0: the oldest neighbour message a node combines, in its own steps; default 4
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, Integer maxStaleness)
            implements AlgorithmSettings {
        /** The default bound on staleness, in steps. */
        public static final int DEFAULT_MAX_STALENESS = 4;

        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            Problems p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            maxStaleness = p.atLeast("max-staleness", maxStaleness, DEFAULT_MAX_STALENESS, 0);
            p.throwIfAny();
        }

        @Override
        public boolean runsOnlyAsynchronously() {
            return true;
        }

        /** True: the message is the node's model, so a row re-weighted over what arrived is still a mixing step. */
        @Override
        public boolean toleratesLostMessages() {
            return true;
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new Dsgd(ctx, stepSchedule.create(stepSize, rounds), Variant.COMBINE_THEN_ADAPT, GossipRounds.ONE);
        }
    }
}
