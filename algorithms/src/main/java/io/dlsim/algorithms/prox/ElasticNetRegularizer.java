package io.dlsim.algorithms.prox;

/**
 * The elastic-net penalty {@code r(w) = l1 ||w||_1 + (l2 / 2) ||w||_2^2}, {@code l1, l2 >= 0}.
 * Prox: soft-threshold at {@code eta l1}, then shrink,
 * {@code prox_{eta r}(v)_j = sign(v_j) max(|v_j| - eta l1, 0) / (1 + eta l2)}.
 */
public final class ElasticNetRegularizer extends SeparableRegularizer {
    private final double l1;
    private final double l2;

    /**
     * @param l1 the L1 weight, >= 0 (setting {@code regularizer.l1})
     * @param l2 the L2 weight, >= 0 (setting {@code regularizer.l2})
     */
    public ElasticNetRegularizer(double l1, double l2) {
        this(l1, l2, new int[0]);
    }

    private ElasticNetRegularizer(double l1, double l2, int[] unpenalized) {
        super(unpenalized);
        this.l1 = Numbers.weight("l1", l1);
        this.l2 = Numbers.weight("l2", l2);
    }

    /** The L1 weight. */
    public double l1() {
        return l1;
    }

    /** The L2 weight. */
    public double l2() {
        return l2;
    }

    @Override
    public String type() {
        return "elastic-net";
    }

    @Override
    double valueRange(double[] w, int from, int to) {
        double abs = 0;
        double sq = 0;
        for (int j = from; j < to; j++) {
            abs += Math.abs(w[j]);
            sq += w[j] * w[j];
        }
        return l1 * abs + 0.5 * l2 * sq;
    }

    @Override
    void proxRange(double[] v, double stepSize, double[] out, int from, int to) {
        double t = stepSize * l1;
        double shrink = 1.0 + stepSize * l2;
        for (int j = from; j < to; j++) {
            out[j] = softThreshold(v[j], t) / shrink;
        }
    }

    @Override
    public ElasticNetRegularizer excluding(int[] unpenalized) {
        return new ElasticNetRegularizer(l1, l2, unpenalized);
    }
}
