package io.dlsim.algorithms.prox;

import java.util.Arrays;

/**
 * Shared machinery of the coordinate-wise regularizers: runs the per-range value and prox over
 * the maximal index ranges between the excluded entries (so there is no per-entry test, and
 * {@code out == v} works), copies excluded entries unchanged, and checks arguments.
 */
abstract class SeparableRegularizer implements Regularizer {
    private final int[] unpenalized;

    SeparableRegularizer(int[] unpenalized) {
        int[] u = unpenalized.clone();
        Arrays.sort(u);
        int len = 0;
        for (int i = 0; i < u.length; i++) {
            if (u[i] < 0) {
                throw new IllegalArgumentException("unpenalized index: must be >= 0, got " + u[i]);
            }
            if (len == 0 || u[i] != u[len - 1]) {
                u[len++] = u[i];
            }
        }
        this.unpenalized = Arrays.copyOf(u, len);
    }

    /** {@code r} restricted to {@code w[from..to)}. */
    abstract double valueRange(double[] w, int from, int to);

    /** The prox restricted to {@code [from..to)}. */
    abstract void proxRange(double[] v, double stepSize, double[] out, int from, int to);

    @Override
    public final int[] unpenalized() {
        return unpenalized.clone();
    }

    private void checkLength(int length) {
        if (unpenalized.length > 0 && unpenalized[unpenalized.length - 1] >= length) {
            throw new IllegalArgumentException("unpenalized index " + unpenalized[unpenalized.length - 1]
                    + " is outside a vector of length " + length);
        }
    }

    @Override
    public final double value(double[] w) {
        checkLength(w.length);
        double sum = 0;
        int from = 0;
        for (int skip : unpenalized) {
            sum += valueRange(w, from, skip);
            from = skip + 1;
        }
        return sum + valueRange(w, from, w.length);
    }

    @Override
    public final void prox(double[] v, double stepSize, double[] out) {
        if (!(stepSize >= 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("prox step size: must be >= 0 and finite, got " + Numbers.format(stepSize));
        }
        if (out.length != v.length) {
            throw new IllegalArgumentException("prox output has length " + out.length + ", the input " + v.length);
        }
        checkLength(v.length);
        int from = 0;
        for (int skip : unpenalized) {
            proxRange(v, stepSize, out, from, skip);
            out[skip] = v[skip];
            from = skip + 1;
        }
        proxRange(v, stepSize, out, from, v.length);
    }

    @Override
    public String toString() {
        return type() + (unpenalized.length == 0 ? "" : " (" + unpenalized.length + " entries unpenalized)");
    }

    /** The soft-thresholding operator {@code sign(x) max(|x| - t, 0)} (NaN stays NaN). */
    static double softThreshold(double x, double t) {
        if (x > t) {
            return x - t;
        }
        if (x < -t) {
            return x + t;
        }
        return Double.isNaN(x) ? x : 0.0;
    }
}
