package io.dlsim.algorithms.prox;

/**
 * The ridge penalty {@code r(w) = (lambda / 2) ||w||_2^2}, {@code lambda >= 0}. Prox: a
 * shrinkage, {@code prox_{eta r}(v) = v / (1 + eta lambda)}.
 */
public final class L2Regularizer extends SeparableRegularizer {
    private final double lambda;

    /** @param lambda the weight, >= 0 (setting {@code regularizer.l2}) */
    public L2Regularizer(double lambda) {
        this(lambda, new int[0]);
    }

    private L2Regularizer(double lambda, int[] unpenalized) {
        super(unpenalized);
        this.lambda = Numbers.weight("l2", lambda);
    }

    /** The weight lambda. */
    public double lambda() {
        return lambda;
    }

    @Override
    public String type() {
        return "l2";
    }

    @Override
    double valueRange(double[] w, int from, int to) {
        double s = 0;
        for (int j = from; j < to; j++) {
            s += w[j] * w[j];
        }
        return 0.5 * lambda * s;
    }

    @Override
    void proxRange(double[] v, double stepSize, double[] out, int from, int to) {
        double shrink = 1.0 + stepSize * lambda;
        for (int j = from; j < to; j++) {
            out[j] = v[j] / shrink;
        }
    }

    @Override
    public L2Regularizer excluding(int[] unpenalized) {
        return new L2Regularizer(lambda, unpenalized);
    }
}
