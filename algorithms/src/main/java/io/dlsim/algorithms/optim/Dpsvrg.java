package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.settings.Problems;
import java.util.Objects;

/**
 * Decentralized proximal stochastic variance-reduced gradient, DPSVRG (Li, Xu, Wang, Wang and
 * Lui, arXiv 2112.10389, over time-varying networks) for
 * {@code min (1/n) sum_i f_i(x) + r(x)} with {@code f_i} a finite sum over node i's shard.
 * Per epoch s:
 * <pre>
 *   snapshot x~_i = x_i,  mu_i = grad f_i(x~_i)                       (full local gradient)
 *   for m inner steps:
 *     v_i = grad f_{i,xi}(x_i) - grad f_{i,xi}(x~_i) + mu_i           (variance-reduced gradient)
 *     x_i <- prox_{eta r}( sum_j W_ij(t) x_j - eta v_i )              (constant eta)
 * </pre>
 * The open choices ({@link Settings}): epoch length m, snapshot of the node or of the
 * neighbour average, prox after or before mixing ({@code x_i <- sum_j W_ij prox(x_j - eta v_j)}),
 * last iterate or inner average at the end of an epoch, and K gossip rounds per step (the
 * mixing is then applied K times, one message round each, before the proximal step).
 *
 * <p>Each inner step takes K communication rounds; the node tracks its inner step, position in
 * the epoch and gossip round itself (rounds come in order); the step size is indexed by the
 * inner step.
 *
 * <p>With a constant step the nodes settle where each applies the proximal map to its own
 * variance-reduced gradient: with heterogeneous local gradients at the optimum this leaves an
 * O(eta) bias in the optimality gap of x̄, however many gossip rounds are used (the variance is
 * gone, the heterogeneity is not). A smaller eta lowers the plateau.
 * Gradient evaluations count 2b per inner step and the shard size per snapshot, which is why
 * curves against gradient evaluations matter when comparing with DSPG.
 */
public final class Dpsvrg extends BaseNode {
    /** What the epoch snapshot x~_i is. */
    public enum Snapshot { NODE, NEIGHBOUR_AVERAGE }

    /** Whether the proximal map follows the mixing or precedes it. */
    public enum ProxPlacement { AFTER_MIXING, BEFORE_MIXING }

    /** Where an epoch ends: the last inner iterate or the average of the inner iterates. */
    public enum InnerOutput { LAST, AVERAGE }

    /**
     * DPSVRG's settings: the step and the choices DESIGN.md section 4 leaves open (the paper's
     * full text is not at hand, so these are settings), with their defaults.
     *
     * @param stepSize eta > 0 (required)
     * @param stepSchedule default constant (the method's form; a decaying step is allowed)
     * @param batchSize minibatch per inner step, >= 1; default 8
     * @param regularizer r, applied by the proximal step; default none
     * @param epochLength inner steps per epoch m >= 1; 0 (default) means {@code ceil(local samples / batch)}
     * @param snapshot the node's own model (default) or the last neighbour average {@code sum_j W_ij x_j}
     * @param prox after the mixing (default) or before it
     * @param innerOutput the last inner iterate (default) or the average of the inner iterates
     * @param gossipRounds gossip rounds per step, >= 1 (default 1); each is one round of messages
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, RegularizerSettings regularizer,
            Integer epochLength, Snapshot snapshot, ProxPlacement prox, InnerOutput innerOutput, Integer gossipRounds)
            implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            regularizer = Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            Problems p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            epochLength = p.atLeast("epoch-length", epochLength, 0, 0);
            snapshot = snapshot == null ? Snapshot.NODE : snapshot;
            prox = prox == null ? ProxPlacement.AFTER_MIXING : prox;
            innerOutput = innerOutput == null ? InnerOutput.LAST : innerOutput;
            gossipRounds = p.atLeast("gossip-rounds", gossipRounds, 1, 1);
            p.throwIfAny();
        }

        /** DPSVRG with step {@code eta} (constant), batch {@code b}, regularizer {@code r} and the other defaults. */
        public static Settings of(double eta, int b, RegularizerSettings r) {
            return new Settings(eta, null, b, r, null, null, null, null, null);
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new Dpsvrg(ctx, stepSchedule.create(stepSize, rounds), regularizer.create(ctx.model().biasIndices()), this);
        }
    }

    private final StepSize stepSize;
    private final Regularizer regularizer;
    private final Settings settings;
    private final int epochLength;
    private final double[] snapshot;
    private final double[] mu;
    private final double[] snapshotGradient;
    private final double[] v;
    private final double[] z;
    private final double[] lastMixed;
    private final double[] innerSum;
    private int innerCount;
    private double eta;
    // Position in the run; rounds come in order (NodeAlgorithm contract), so counters suffice.
    private long step;
    private int stepInEpoch;
    private long gossipRound;

    public Dpsvrg(NodeContext ctx, StepSize stepSize, Regularizer regularizer, Settings settings) {
        super(ctx);
        this.stepSize = stepSize;
        this.regularizer = regularizer;
        this.settings = settings;
        int shard = ctx.shard().size();
        this.epochLength = settings.epochLength() > 0 ? settings.epochLength() : (shard + ctx.batchSize() - 1) / ctx.batchSize();
        int d = x.length;
        snapshot = new double[d];
        mu = new double[d];
        snapshotGradient = new double[d];
        v = new double[d];
        z = new double[d];
        lastMixed = x.clone();
        innerSum = new double[d];
    }

    /** Inner steps per epoch m. */
    public int epochLength() {
        return epochLength;
    }

    @Override
    public double[] outgoing(long round) {
        if (gossipRound == 0) {
            if (stepInEpoch == 0) {
                startEpoch();
            }
            eta = stepSize.at(step);
            minibatchGradient(x, gradient);
            // Same minibatch at the snapshot: the sampler is not advanced again.
            ctx.model().lossAndGradient(snapshot, ctx.shard(), batch, batch.length, snapshotGradient);
            counters.addGradients(batch.length);
            for (int c = 0; c < v.length; c++) {
                v[c] = gradient[c] - snapshotGradient[c] + mu[c];
            }
            if (settings.prox() == ProxPlacement.AFTER_MIXING) {
                System.arraycopy(x, 0, z, 0, z.length);
            } else {
                for (int c = 0; c < z.length; c++) {
                    z[c] = x[c] - eta * v[c];
                }
                regularizer.prox(z, eta, z);
            }
        }
        System.arraycopy(z, 0, message, 0, z.length);
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        System.arraycopy(mixed, 0, z, 0, z.length);
        if (++gossipRound < settings.gossipRounds()) {
            return;
        }
        gossipRound = 0;
        System.arraycopy(z, 0, lastMixed, 0, z.length);
        if (settings.prox() == ProxPlacement.AFTER_MIXING) {
            for (int c = 0; c < x.length; c++) {
                x[c] = z[c] - eta * v[c];
            }
            regularizer.prox(x, eta, x);
        } else {
            System.arraycopy(z, 0, x, 0, x.length);
        }
        step++;
        boolean epochEnds = ++stepInEpoch == epochLength;
        if (settings.innerOutput() == InnerOutput.AVERAGE) {
            for (int c = 0; c < x.length; c++) {
                innerSum[c] += x[c];
            }
            innerCount++;
            if (epochEnds) {
                for (int c = 0; c < x.length; c++) {
                    x[c] = innerSum[c] / innerCount;
                    innerSum[c] = 0;
                }
                innerCount = 0;
            }
        }
        if (epochEnds) {
            stepInEpoch = 0;
        }
    }

    private void startEpoch() {
        double[] from = settings.snapshot() == Snapshot.NODE ? x : lastMixed;
        System.arraycopy(from, 0, snapshot, 0, snapshot.length);
        ctx.model().lossAndGradient(snapshot, ctx.shard(), mu);
        counters.addGradients(ctx.shard().size());
    }
}
