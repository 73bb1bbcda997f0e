package io.dlsim.algorithms.optim;

import io.dlsim.algorithms.prox.Regularizer;
import io.dlsim.algorithms.prox.RegularizerSettings;

/**
 * NIDS, the network-independent step-size method (Li, Shi and Yan, IEEE Trans. Signal Process.
 * 2019), for composite problems {@code min (1/n) sum_i f_i(x) + r(x)} with full local gradients
 * and a constant step alpha; with {@code W~ = (I + W) / 2} (the paper's {@code I - c(I - W)},
 * c = 1/2, valid for every doubly stochastic W):
 * <pre>
 *   z^1     = W~ x^0 - alpha grad f(x^0)
 *   z^{k+1} = z^k - x^k + W~ (2 x^k - x^{k-1} - alpha (grad f(x^k) - grad f(x^{k-1}))),   k >= 1
 *   x^{k+1} = prox_{alpha r}(z^{k+1})
 * </pre>
 * (row i for node i; the first line is the general one with {@code x^{-1} = x^0} and
 * {@code z^0 = x^0 - alpha grad f(x^0)}). One vector is gossiped per round, the bracket, and
 * {@code W~ m = (m + W m) / 2}. The step bound {@code alpha < 2 / L} does not depend on the
 * network, and the fixed points are consensual minimizers of f + r: no heterogeneity bias.
 * The method assumes one fixed W; with a time-varying schedule each round's W(t) is used as it
 * comes and exactness is not guaranteed.
 */
public final class Nids extends FullGradientNode {
    /**
     * NIDS's settings: the constant step and the regularizer (the method uses full local
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
            return new Nids(ctx, stepSize, regularizer.create(ctx.model().biasIndices()));
        }
    }

    public Nids(NodeContext ctx, double alpha, Regularizer regularizer) {
        super(ctx, alpha, regularizer);
    }

    @Override
    public double[] outgoing(long round) {
        fullGradient(x, gradient);
        if (first()) {
            for (int c = 0; c < x.length; c++) {
                z[c] = x[c] - alpha * gradient[c];
                message[c] = x[c];
            }
        } else {
            for (int c = 0; c < x.length; c++) {
                message[c] = 2 * x[c] - previous[c] - alpha * (gradient[c] - previousGradient[c]);
            }
        }
        return message;
    }

    @Override
    public void step(long round, double[] mixed) {
        for (int c = 0; c < x.length; c++) {
            z[c] = z[c] - x[c] + 0.5 * (message[c] + mixed[c]);
        }
        proxStep();
    }
}
