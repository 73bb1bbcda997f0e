package io.dlsim.algorithms.prox;

/** {@code r(w) = 0}; its prox is the identity, {@code prox_{eta r}(v) = v}. */
public final class NoRegularizer extends SeparableRegularizer {
    public NoRegularizer() {
        super(new int[0]);
    }

    private NoRegularizer(int[] unpenalized) {
        super(unpenalized);
    }

    @Override
    public String type() {
        return "none";
    }

    @Override
    double valueRange(double[] w, int from, int to) {
        return 0.0;
    }

    @Override
    void proxRange(double[] v, double stepSize, double[] out, int from, int to) {
        if (out != v) {
            System.arraycopy(v, from, out, from, to - from);
        }
    }

    @Override
    public NoRegularizer excluding(int[] unpenalized) {
        return new NoRegularizer(unpenalized);
    }
}
