package io.dlsim.algorithms.stepsize;

/** Validation of schedule settings; messages name the setting as a user writes it. */
final class Settings {
    private Settings() {
    }

    static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }

    /** {@code algorithm.step-size: must be > 0, got -1}. */
    static double positive(String setting, double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException(setting + ": must be > 0, got " + format(x));
        }
        if (Double.isInfinite(x)) {
            throw new IllegalArgumentException(setting + ": must be finite, got " + format(x));
        }
        return x;
    }
}
