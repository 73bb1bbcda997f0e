package io.dlsim.algorithms.prox;

/**
 * The lasso penalty {@code r(w) = lambda ||w||_1 = lambda sum_j |w_j|}, {@code lambda >= 0}.
 * Prox: soft-thresholding at {@code eta lambda},
 * {@code prox_{eta r}(v)_j = sign(v_j) max(|v_j| - eta lambda, 0)}.
 */
public final class L1Regularizer extends SeparableRegularizer {
    private final double lambda;

    /** @param lambda the weight, >= 0 (setting {@code regularizer.l1}) */
    public L1Regularizer(double lambda) {
        this(lambda, new int[0]);
    }

    private L1Regularizer(double lambda, int[] unpenalized) {
        super(unpenalized);
        this.lambda = Numbers.weight("l1", lambda);
    }

    /** The weight lambda. */
    public double lambda() {
        return lambda;
    }

    @Override
    public String type() {
        return "l1";
    }

    @Override
    double valueRange(double[] w, int from, int to) {
        double s = 0;
        for (int j = from; j < to; j++) {
            s += Math.abs(w[j]);
        }
        return lambda * s;
    }

    @Override
    void proxRange(double[] v, double stepSize, double[] out, int from, int to) {
        double t = stepSize * lambda;
        for (int j = from; j < to; j++) {
            out[j] = softThreshold(v[j], t);
        }
    }

    @Override
    public L1Regularizer excluding(int[] unpenalized) {
        return new L1Regularizer(lambda, unpenalized);
    }
}
