package io.dlsim.topologies.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one settings record while its compact constructor checks every
 * field, so that a user sees all of them at once; {@link #throwIfAny()} ends the check. The
 * helpers return the value to keep (the default when the field was not given), so a
 * constructor reads {@code batchSize = p.atLeast("batch-size", batchSize, 8, 1);}.
 *
 * <p>Conventions: a boxed component that is {@code null} was not given; {@code required}
 * fields report {@code is required}; numbers are shown as a user writes them ({@code -1}, not
 * {@code -1.0}). A field that fails a check keeps its given (or default) value so that the
 * remaining checks can still run.
 */
public final class Problems {
    private final List<InvalidSettingsException.Problem> problems = new ArrayList<>();

    /** Records a problem of {@code field} (relative to the record; {@code ""} for the whole record). */
    public void add(String field, String reason) {
        problems.add(new InvalidSettingsException.Problem(field, reason));
    }

    /** Records {@code reason} for {@code field} unless {@code ok}. */
    public boolean check(boolean ok, String field, String reason) {
        if (!ok) {
            add(field, reason);
        }
        return ok;
    }

    /** {@code value}, or a problem {@code field: is required} when it is null. */
    public <T> T required(String field, T value) {
        if (value == null) {
            add(field, "is required");
        }
        return value;
    }

    /** A required finite number > 0. */
    public Double positive(String field, Double value) {
        if (required(field, value) != null) {
            check(value > 0 && Double.isFinite(value), field, "must be > 0, got " + format(value));
        }
        return value;
    }

    /** A number >= 0, {@code fallback} when not given. */
    public double nonNegative(String field, Double value, double fallback) {
        double v = value == null ? fallback : value;
        check(v >= 0 && Double.isFinite(v), field, "must be >= 0, got " + format(v));
        return v;
    }

    /** A number in {@code [0, 1)} ({@code closedTop} false) or {@code (0, 1]}/{@code [0, 1]} as named. */
    public double inRange(String field, Double value, double fallback, double min, boolean minOpen, double max, boolean maxOpen) {
        double v = value == null ? fallback : value;
        boolean ok = (minOpen ? v > min : v >= min) && (maxOpen ? v < max : v <= max);
        check(ok, field, "must be in " + (minOpen ? "(" : "[") + format(min) + ", " + format(max) + (maxOpen ? ")" : "]")
                + ", got " + format(v));
        return v;
    }

    /** A whole number >= {@code min}, {@code fallback} when not given. */
    public int atLeast(String field, Integer value, int fallback, int min) {
        int v = value == null ? fallback : value;
        check(v >= min, field, "must be >= " + min + ", got " + v);
        return v;
    }

    /** A whole number >= {@code min}, {@code fallback} when not given. */
    public long atLeast(String field, Long value, long fallback, long min) {
        long v = value == null ? fallback : value;
        check(v >= min, field, "must be >= " + min + ", got " + v);
        return v;
    }

    /** Whether a problem was recorded. */
    public boolean any() {
        return !problems.isEmpty();
    }

    /** Throws every recorded problem together, if there is one. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** {@code -1} rather than {@code -1.0} for whole numbers, as a user writes them. */
    public static String format(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
