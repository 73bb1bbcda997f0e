package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;

/**
 * The x axes the experiment report plots every plotted metric of the registry
 * ({@link MetricsRow#PLOTTED}) against, each a registry metric itself.
 */
public enum PlotAxis {
    /** Communication rounds. */
    ROUNDS("rounds", "Rounds", MetricsRow.ROUND),
    /** Component gradient evaluations summed over nodes. */
    GRAD_EVALS("grad_evals", "Gradient evaluations (summed over nodes)", MetricsRow.GRAD_EVALS),
    /** Communication cost: what methods with more gossip rounds or bigger messages pay for. */
    BYTES("bytes", "Bytes sent (summed over nodes)", MetricsRow.BYTES),
    /** Simulated time (runs with a system model only): when the evaluated round had ended on every node. */
    SIM_SECONDS("sim_seconds", "Simulated seconds", MetricsRow.SIM_SECONDS);

    private final String stem;
    private final String title;
    private final Metric metric;

    PlotAxis(String stem, String title, Metric metric) {
        this.stem = stem;
        this.title = title;
        this.metric = metric;
    }

    /** The file-name part, e.g. {@code rounds} in {@code train_loss_vs_rounds.png}. */
    public String stem() {
        return stem;
    }

    /** The axis title. */
    public String title() {
        return title;
    }

    /**
     * The axes an experiment's charts use: all of them when some run is on simulated time, else
     * all but {@link #SIM_SECONDS} (so an experiment without a system model draws what it always drew).
     */
    public static java.util.List<PlotAxis> of(java.util.List<RunData> runs) {
        boolean timed = RunData.anyTimed(runs);
        return java.util.Arrays.stream(values()).filter(a -> timed || a != SIM_SECONDS).toList();
    }

    /** The x value of a row. */
    public double valueOf(MetricsRow row) {
        return metric.value(row);
    }
}
