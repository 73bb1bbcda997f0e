package io.dlsim.algorithms.stepsize;

/**
 * A step-size schedule: {@link #at}{@code (t)} is the step size {@code eta_t > 0} (or
 * {@code >= 0} for a cosine schedule annealed to 0) used in round {@code t >= 0}.
 * Implementations are immutable, thread-safe and deterministic across JVMs; a negative round
 * is refused.
 */
public interface StepSize {
    /** The schedule name ({@code constant}, {@code inverse-sqrt}, {@code step-decay}, {@code cosine}). */
    String type();

    /** {@code eta_t} for round {@code t >= 0}. */
    double at(long t);

    /** The step size of round 0. */
    default double initial() {
        return at(0);
    }

    /** Refuses {@code t < 0}. */
    static void checkRound(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("round t: must be >= 0, got " + t);
        }
    }
}
