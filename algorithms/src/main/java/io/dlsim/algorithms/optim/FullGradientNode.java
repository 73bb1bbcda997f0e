package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;
import io.dlsim.topologies.settings.Problems;
import java.util.Objects;

/**
 * What the proximal primal-dual methods {@link PgExtra} and {@link Nids} share: a constant step
 * alpha, full local gradients ({@code gradient} holds grad f_i(x^k) from {@link #outgoing}),
 * the pre-prox iterate z, the previous iterate and gradient, and the end of every step,
 * {@code x^{k+1} = prox_{alpha r}(z^{k+1})}.
 */
abstract class FullGradientNode extends BaseNode {
    protected final double alpha;
    protected final double[] z;
    protected final double[] previous;
    protected final double[] previousGradient;
    private final Regularizer regularizer;
    private boolean started;

    FullGradientNode(NodeContext ctx, double alpha, Regularizer regularizer) {
        super(ctx);
        this.alpha = alpha;
        this.regularizer = regularizer;
        z = new double[x.length];
        previous = new double[x.length];
        previousGradient = new double[x.length];
    }

    /** The settings' checks: step-size required and > 0; returns the regularizer, {@code none} when null. */
    static RegularizerSettings checked(Double stepSize, RegularizerSettings regularizer) {
        Problems p = new Problems();
        p.positive("step-size", stepSize);
        p.throwIfAny();
        return Objects.requireNonNullElse(regularizer, RegularizerSettings.none());
    }

    /** Whether this is the first call (then the recursion's initial form applies). */
    protected boolean first() {
        boolean was = !started;
        started = true;
        return was;
    }

    /** Ends the step: remembers x^k and grad f_i(x^k), then {@code x^{k+1} = prox_{alpha r}(z)}. */
    protected void proxStep() {
        System.arraycopy(x, 0, previous, 0, x.length);
        System.arraycopy(gradient, 0, previousGradient, 0, x.length);
        regularizer.prox(z, alpha, x);
    }

    @Override
    public double epochs() {
        return gradientPasses();
    }
}
