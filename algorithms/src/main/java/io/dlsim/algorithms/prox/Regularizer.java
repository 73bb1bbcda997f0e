package io.dlsim.algorithms.prox;

/**
 * A separable convex regularizer {@code r(w)} with its proximal operator
 * {@code prox_{eta r}(v) = argmin_x r(x) + ||x - v||^2 / (2 eta)} for a step size
 * {@code eta >= 0} ({@code eta = 0} is the identity).
 *
 * <p>Implementations are immutable and thread-safe, allocate nothing in {@link #value} and
 * {@link #prox}, and refuse a negative or non-finite weight when built, with a message naming
 * the setting ({@code regularizer.l1: must be >= 0, got -1}). Entries left out by
 * {@link #excluding} are neither counted in {@link #value} nor changed by {@link #prox}
 * ({@code r} then acts on the other entries only).
 */
public interface Regularizer {
    /** The type name ({@code none}, {@code l1}, {@code l2}, {@code elastic-net}). */
    String type();

    /** {@code r(w)}. */
    double value(double[] w);

    /**
     * Writes {@code prox_{eta r}(v)} into {@code out} (same length as {@code v}; may be
     * {@code v} itself).
     *
     * @param stepSize eta >= 0, finite
     */
    void prox(double[] v, double stepSize, double[] out);

    /**
     * The same regularizer acting on every entry except those at {@code unpenalized} (e.g.
     * {@code model.biasIndices()}); indices must be >= 0 and below the length of the vectors
     * it is later applied to. Replaces any earlier exclusion.
     */
    Regularizer excluding(int[] unpenalized);

    /** The excluded indices, ascending without repeats (empty when none). A copy. */
    int[] unpenalized();
}
