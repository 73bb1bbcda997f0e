package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;

/**
 * PG-EXTRA (Shi, Ling, Wu and Yin, IEEE Trans. Signal Process. 2015), the proximal EXTRA, for
 * composite problems {@code min (1/n) sum_i f_i(x) + r(x)} with full local gradients and a
 * constant step alpha; with {@code W~ = (I + W) / 2}:
 * <pre>
 *   z^1     = W x^0 - alpha grad f(x^0),                                   x^1     = prox_{alpha r}(z^1)
 *   z^{k+2} = W x^{k+1} + z^{k+1} - W~ x^k - alpha (grad f(x^{k+1}) - grad f(x^k)),  x^{k+2} = prox_{alpha r}(z^{k+2})
 * </pre>
 * (row i of each line for node i). One vector is gossiped per round: {@code W x^{k+1}} is the
 * round's mixed message and {@code W~ x^k = (x^k + W x^k) / 2} reuses the previous round's, so
 * bytes equal D-SGD's. The correction term cancels the heterogeneity bias: for a static,
 * symmetric, doubly stochastic W and {@code alpha < 2 lambda_min(W~) / L} the iterates
 * converge to a minimizer of f + r (at rate O(1/k), linear when f is strongly convex).
 * The method assumes one fixed W; with a time-varying schedule each round's W(t) is used as it
 * comes and exactness is not guaranteed.
 */
public final class PgExtra extends FullGradientNode {
    /**
     * PG-EXTRA's settings: the constant step and the regularizer (the method uses full local
     * gradients and no minibatch).
     *
     * @param stepSize alpha > 0 (required), constant
     * @param regularizer r, applied by the proximal step; default none
     */
    public record Settings(Double stepSize, RegularizerSettings regularizer) implements AlgorithmSettings {
        public Settings {
            regularizer = FullGradientNode.checked(stepSize, regularizer);
        }

        @Override
        public NodeAlgorithm create(NodeContext ctx, long rounds) {
            return new PgExtra(ctx, stepSize, regularizer.create(ctx.model().biasIndices()));
        }
    }

    private final double[] previousMixed;

    public PgExtra(NodeContext ctx, double alpha, Regularizer regularizer) {
        super(ctx, alpha, regularizer);
        previousMixed = new double[x.length];
    }

    @Override
    public double[] outgoing(long round) {
        fullGradient(x, gradient);
        System.arraycopy(x, 0, message, 0, x.length);
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        if (first()) {
            for (int c = 0; c < x.length; c++) {
                z[c] = mixed[c] - alpha * gradient[c];
            }
        } else {
            for (int c = 0; c < x.length; c++) {
                z[c] = mixed[c] + z[c] - 0.5 * (previous[c] + previousMixed[c]) - alpha * (gradient[c] - previousGradient[c]);
            }
        }
        System.arraycopy(mixed, 0, previousMixed, 0, x.length);
        proxStep();
    }
}
