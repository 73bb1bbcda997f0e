package io.dlsim.simulator.engine;

import io.dlsim.metrics.MetricsRow;
import java.util.List;

/** A run that ended early; carries the rows evaluated before the failure. */
public final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<MetricsRow> rowsBefore;

    public RunFailedException(String message, List<MetricsRow> rowsBefore) {
        super(message);
        this.rowsBefore = List.copyOf(rowsBefore);
    }

    /** Rows evaluated before the failure (already handed to the observer). */
    public List<MetricsRow> rowsBefore() {
        return rowsBefore;
    }
}
