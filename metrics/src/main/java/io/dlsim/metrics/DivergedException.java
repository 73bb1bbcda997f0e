package io.dlsim.metrics;

import java.util.List;

/**
 * A run stopped because it diverged ({@link Divergence}); carries every row evaluated,
 * the diverged one last (already handed to the observer).
 */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Divergence divergence;
    private final transient List<MetricsRow> rows;

    public DivergedException(Divergence divergence, List<MetricsRow> rows) {
        super(divergence.describe());
        this.divergence = divergence;
        this.rows = List.copyOf(rows);
    }

    /** Where and what diverged. */
    public Divergence divergence() {
        return divergence;
    }

    /** Every row evaluated, up to and including the diverged one. */
    public List<MetricsRow> rows() {
        return rows;
    }
}
