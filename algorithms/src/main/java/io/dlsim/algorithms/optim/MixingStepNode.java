package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;

/**
 * The one implementation of the step's communication shared by D-SGD, DSPG, DPSVRG and gossip
 * averaging: the {@link Variant} and K_s gossip rounds ({@link GossipRounds}). A step is
 * <pre>
 *   combine-then-adapt:  x_i <- prox_{eta r}( sum_j [W^K]_ij x_j - eta d_i )
 *   adapt-then-combine:  x_i <- prox_{eta r}( sum_j [W^K]_ij (x_j - eta d_j) )
 *   prox before mixing:  x_i <- sum_j [W^K]_ij prox_{eta r}(x_j - eta d_j)     (DPSVRG's option)
 * </pre>
 * with d_i the direction the subclass leaves in {@link #gradient} (the minibatch gradient, or
 * DPSVRG's v_i) and eta its {@link #eta}, both set by {@link #prepareStep()} in the step's first
 * round. Round 1..K-1 of a step send the previous
 * round's mix, so K rounds apply W(t)...W(t+K-1); the subclass never sees the rounds. With
 * {@link Acceleration#CHEBYSHEV} the rounds' mixes are combined by the Chebyshev recursion, so
 * {@code W^K} above becomes {@code P_K(W)}.
 */
abstract class MixingStepNode extends BaseNode {
    private final Variant variant;
    private final GossipRounds gossipRounds;
    private final Regularizer regularizer;
    private final boolean proxBeforeMixing;
    /** The mix of the step's rounds so far; the message is not reused, the engine may still read it. */
    private final double[] mix;
    /** The step size of the current step, set by {@link #prepareStep()}. */
    protected double eta;
    /** Steps completed so far; rounds come in order (NodeAlgorithm contract), so counters suffice. */
    protected long step;
    private int roundsThisStep;
    private int gossipRound;
    /** Chebyshev weights, or null for plain rounds. */
    private final Acceleration.Weights chebyshev;
    /** y_{k-1} of the Chebyshev recursion. */
    private final double[] previous;

    MixingStepNode(NodeContext ctx, Variant variant, GossipRounds gossipRounds, Regularizer regularizer) {
        this(ctx, variant, gossipRounds, regularizer, false, 0);
    }

    /**
     * @param proxBeforeMixing apply the proximal map to the message rather than after the mixing
     * @param chebyshevLambda lambda of Chebyshev-accelerated rounds ({@link Acceleration}); 0 for plain rounds
     */
    MixingStepNode(NodeContext ctx, Variant variant, GossipRounds gossipRounds, Regularizer regularizer, boolean proxBeforeMixing,
            double chebyshevLambda) {
        super(ctx);
        this.variant = variant;
        this.gossipRounds = gossipRounds;
        this.regularizer = regularizer;
        this.proxBeforeMixing = proxBeforeMixing;
        this.mix = new double[x.length];
        this.chebyshev = chebyshevLambda > 0 ? new Acceleration.Weights(chebyshevLambda) : null;
        this.previous = chebyshev != null ? new double[x.length] : null;
    }

    /** The local computation of step {@link #step}: sets {@link #eta} and leaves d_i in {@link #gradient}. */
    protected abstract void prepareStep();

    /** s in K_s: the step (overridden by DPSVRG, whose schedule runs over epochs). */
    protected long scheduleIndex() {
        return step;
    }

    /** Called once the step has updated x, with the step's last mix {@code sum_j [W^K]_ij m_j}. */
    protected void stepDone(double[] mixed) {
    }

    @Override
    public final double[] outgoing(long round) {
        if (gossipRound == 0) {
            prepareStep();
            roundsThisStep = gossipRounds.at(scheduleIndex());
            if (adaptsBeforeMixing()) {
                for (int c = 0; c < x.length; c++) {
                    message[c] = x[c] - eta * gradient[c];
                }
                if (proxBeforeMixing) {
                    regularizer.prox(message, eta, message);
                }
            } else {
                System.arraycopy(x, 0, message, 0, x.length);
            }
        } else {
            // Rounds 1..K-1 of a step send the previous round's mix.
            System.arraycopy(mix, 0, message, 0, mix.length);
        }
        return message;
    }

    @Override
    public final void step(long round, double[] mixed) {
        if (chebyshev != null) {
            mixed = chebyshevRound(mixed);
        }
        if (++gossipRound < roundsThisStep) {
            System.arraycopy(mixed, 0, mix, 0, mix.length);
            return;
        }
        gossipRound = 0;
        if (adaptsBeforeMixing()) {
            System.arraycopy(mixed, 0, x, 0, x.length);
        } else {
            for (int c = 0; c < x.length; c++) {
                x[c] = mixed[c] - eta * gradient[c];
            }
        }
        if (!proxBeforeMixing) {
            regularizer.prox(x, eta, x);
        }
        step++;
        stepDone(mixed);
    }

    /**
     * y_{k+1} = omega_{k+1} (W y_k - y_{k-1}) + y_{k-1} from {@code mixed} = W y_k; y_k is the
     * message this round sent. Returns y_{k+1} (in {@link #mix}'s place: the caller copies it
     * there or uses it as the step's last mix) and keeps y_k as y_{k-1}.
     */
    private double[] chebyshevRound(double[] mixed) {
        if (gossipRound == 0) {
            chebyshev.reset();
        }
        double omega = chebyshev.next();
        double[] sent = message;
        if (gossipRound == 0) {
            // omega_1 = 1: y_1 = W y_0 exactly.
            System.arraycopy(sent, 0, previous, 0, previous.length);
            return mixed;
        }
        double[] next = scratch();
        for (int c = 0; c < next.length; c++) {
            next[c] = omega * (mixed[c] - previous[c]) + previous[c];
        }
        System.arraycopy(sent, 0, previous, 0, previous.length);
        return next;
    }

    private double[] chebyshevScratch;

    private double[] scratch() {
        if (chebyshevScratch == null) {
            chebyshevScratch = new double[x.length];
        }
        return chebyshevScratch;
    }

    /** A prox before the mixing needs the local step in the message, whatever the variant. */
    private boolean adaptsBeforeMixing() {
        return variant == Variant.ADAPT_THEN_COMBINE || proxBeforeMixing;
    }
}
