package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.RandomStreams;
import io.dlsim.algorithms.compression.Compression;
import io.dlsim.algorithms.compression.Compressor;
import io.dlsim.algorithms.stepsize.StepSchedule;
import io.dlsim.algorithms.stepsize.StepSize;
import io.dlsim.topologies.settings.Problems;
import java.util.Objects;

/**
 * CHOCO-SGD (Koloskova, Stich and Jaggi, "Decentralized Stochastic Optimization and Gossip
 * Algorithms with Compressed Communication", ICML 2019, Algorithm 2): decentralized SGD whose
 * gossip sends only a compressed difference. Every node i keeps, besides x_i, the public copies
 * {@code xhat_j} of itself and its neighbours (all start at 0); step t is
 * <pre>
 *   x_i^{t+1/2}  = x_i^t - eta_t g_i(x_i^t)                       (minibatch gradient)
 *   q_i^t        = Q(x_i^{t+1/2} - xhat_i^t)                      (the message)
 *   xhat_j^{t+1} = xhat_j^t + q_j^t          for j in N_i and j = i
 *   x_i^{t+1}    = x_i^{t+1/2} + gamma sum_j w_ij (xhat_j^{t+1} - xhat_i^{t+1})
 * </pre>
 * with Q the {@link Compression} operator ({@code compression}) and gamma the
 * {@code consensus-step}. The node does not store its neighbours' copies: it keeps
 * {@code s_i = sum_j w_ij xhat_j} and adds the engine's combination of the messages,
 * {@code s_i += sum_j w_ij q_j} ({@code Gossip.combine}), so that the last line is
 * {@code x_i += gamma (s_i - xhat_i)} (rows of W sum to 1). That is exact only for a fixed W,
 * so a scenario with a time-varying topology is refused. The consensus step preserves the
 * average of the x_i for a doubly stochastic W.
 *
 * <p>With {@code compression: none} and gamma = 1, {@code xhat_i^{t+1} = x_i^{t+1/2}} and the
 * update is D-SGD adapt-then-combine, {@code x_i <- sum_j w_ij (x_j - eta g_j)}, up to rounding.
 * The message {@code Q(x^{t+1/2} - xhat^t)} is error feedback on the increments of the
 * half-step model (see {@link io.dlsim.algorithms.compression.ErrorFeedback}), which is why a
 * biased operator such as {@code sign} or {@code top-k} works here without a residual of its
 * own. {@code bytes} counts the operator's encoding ({@link Compressor#messageBytes()}); the
 * random operators draw from the node's own {@code COMPRESSION} stream, never the minibatch one.
 */
public final class ChocoSgd extends BaseNode {
    /**
     * CHOCO-SGD's settings.
     *
     * @param stepSize eta_0 > 0 (required)
     * @param stepSchedule eta_t; default constant
     * @param batchSize minibatch per node and step, >= 1; default 8
     * @param consensusStep gamma in (0, 1]; default: the operator's
     *     {@link Compression#defaultConsensusStep} (1 for none, so the method is D-SGD
     *     adapt-then-combine; k/d for top-k and random-k; 1/(1 + tau) for QSGD; 0.5 for sign),
     *     null here until the model's dimension is known
     * @param compression Q (required)
     */
    public record Settings(Double stepSize, StepSchedule stepSchedule, Integer batchSize, Double consensusStep,
            Compression compression) implements AlgorithmSettings {
        public Settings {
            stepSchedule = Objects.requireNonNullElse(stepSchedule, new StepSchedule.Constant());
            batchSize = Objects.requireNonNullElse(batchSize, DEFAULT_BATCH_SIZE);
            Problems p = AlgorithmSettings.checkStep(stepSize, stepSchedule, batchSize);
            if (compression == null) {
                p.add("compression", "is required; a mapping with type: one of " + String.join(", ", Compression.TYPES.names()));
            }
            if (consensusStep != null) {
                p.inRange("consensus-step", consensusStep, 1, 0, true, 1, false);
            }
            p.throwIfAny();
        }

        @Override
        public boolean needsStaticTopology() {
            return true;
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            int d = ctx.model().parameterCount();
            double gamma = consensusStep == null ? compression.defaultConsensusStep(d) : consensusStep;
            return new ChocoSgd(ctx, stepSchedule.create(stepSize, rounds), gamma,
                    compression.create(d, ctx.stream(RandomStreams.Purpose.COMPRESSION)));
        }
    }

    private final StepSize stepSize;
    private final double gamma;
    private final Compressor compressor;
    /** xhat_i, this node's public copy (what its neighbours hold of it). */
    private final double[] xhat;
    /** s_i = sum_j w_ij xhat_j. */
    private final double[] s;
    /** x_i^{t+1/2}. */
    private final double[] half;
    private final double[] difference;

    public ChocoSgd(NodeContext ctx, StepSize stepSize, double consensusStep, Compressor compressor) {
        super(ctx);
        this.stepSize = stepSize;
        this.gamma = consensusStep;
        this.compressor = compressor;
        int d = x.length;
        xhat = new double[d];
        s = new double[d];
        half = new double[d];
        difference = new double[d];
    }

    @Override
    public double[] outgoing(long round) {
        double eta = stepSize.at(round);
        minibatchGradient(x, gradient);
        for (int c = 0; c < x.length; c++) {
            half[c] = x[c] - eta * gradient[c];
            difference[c] = half[c] - xhat[c];
        }
        compressor.compress(difference, message);
        for (int c = 0; c < x.length; c++) {
            xhat[c] += message[c];
        }
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        for (int c = 0; c < x.length; c++) {
            s[c] += mixed[c];
            x[c] = half[c] + gamma * (s[c] - xhat[c]);
        }
    }

    @Override
    public long messageBytes(double[] sent) {
        return compressor.messageBytes();
    }
}
