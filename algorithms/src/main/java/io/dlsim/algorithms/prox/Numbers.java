package io.dlsim.algorithms.prox;

/** Formatting and checks of user-set weights. */
final class Numbers {
    private Numbers() {
    }

    /** {@code -1} rather than {@code -1.0} for whole numbers, as a user wrote them. */
    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /** A finite weight >= 0, else an error naming the setting. */
    static double weight(String setting, double x) {
        if (!(x >= 0)) {
            throw new IllegalArgumentException(setting + ": must be >= 0, got " + format(x));
        }
        if (Double.isInfinite(x)) {
            throw new IllegalArgumentException(setting + ": must be finite, got " + format(x));
        }
        return x;
    }
}
