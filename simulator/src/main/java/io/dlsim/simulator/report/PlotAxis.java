package io.dlsim.simulator.report;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The x axes the experiment report plots every plotted metric of the registry
 * ({@link MetricsRow#PLOTTED}) against, each a registry metric itself.
 */
public enum PlotAxis {
    /** Communication rounds. */
    ROUNDS("rounds", "Rounds", MetricsRow.ROUND, true),
    /** Local epochs: the mean over nodes of examples drawn / shard size. */
    EPOCHS("epochs", "Epochs (mean over nodes)", MetricsRow.EPOCH, false),
    /** Component gradient evaluations summed over nodes. */
    GRAD_EVALS("grad_evals", "Gradient evaluations (summed over nodes)", MetricsRow.GRAD_EVALS, true),
    /** Communication cost: what methods with more gossip rounds or bigger messages pay for. */
    BYTES("bytes", "Bytes sent (summed over nodes)", MetricsRow.BYTES, true),
    /** Simulated time (runs with a system model only): when the evaluated round had ended on every node. */
    SIM_SECONDS("sim_seconds", "Simulated seconds", MetricsRow.SIM_SECONDS, false);

    private final String stem;
    private final String title;
    private final Metric metric;
    private final boolean counts;

    PlotAxis(String stem, String title, Metric metric, boolean counts) {
        this.stem = stem;
        this.title = title;
        this.metric = metric;
        this.counts = counts;
    }

    /** The file-name part, e.g. {@code rounds} in {@code train_loss_vs_rounds.png}. */
    public String stem() {
        return stem;
    }

    /** The axis title. */
    public String title() {
        return title;
    }

    /** Whether the axis counts whole things (its ticks are whole numbers). */
    public boolean counts() {
        return counts;
    }

    /**
     * The axes an experiment's charts use, in declaration order: {@link #ROUNDS} always, and each
     * other axis unless its charts would duplicate others or say nothing:
     * <ul>
     *   <li>{@link #SIM_SECONDS} only when some run is on simulated time;</li>
     *   <li>an axis whose value is the same in every row of every run (e.g. gradient evaluations
     *       of pure gossip, always 0) is left out;</li>
     *   <li>an axis whose value is one constant multiple of an axis already kept, in every row of
     *       every run (epochs and gradient evaluations of D-SGD with a fixed batch are rounds times
     *       a constant; so are the bytes when every run sends as much per round), is left out: its
     *       charts would be the same lines with other tick labels.</li>
     * </ul>
     * An experiment without rows gets {@link #ROUNDS} alone.
     */
    public static List<PlotAxis> of(List<RunData> runs) {
        boolean timed = RunData.anyTimed(runs);
        List<PlotAxis> kept = new ArrayList<>(List.of(ROUNDS));
        for (PlotAxis a : values()) {
            if (a == ROUNDS || a == SIM_SECONDS && !timed || constant(a, runs)) {
                continue;
            }
            if (kept.stream().noneMatch(k -> proportional(a, k, runs))) {
                kept.add(a);
            }
        }
        return List.copyOf(kept);
    }

    private static boolean constant(PlotAxis a, List<RunData> runs) {
        double first = Double.NaN;
        for (RunData r : runs) {
            for (MetricsRow row : r.rows()) {
                double v = a.valueOf(row);
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (Double.isNaN(first)) {
                    first = v;
                } else if (v != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code a = c * b} in every row of every run (finite values, one c &gt; 0; rows where b = 0 need a = 0). */
    private static boolean proportional(PlotAxis a, PlotAxis b, List<RunData> runs) {
        double c = Double.NaN;
        for (RunData r : runs) {
            for (MetricsRow row : r.rows()) {
                double va = a.valueOf(row);
                double vb = b.valueOf(row);
                if (!Double.isFinite(va) || !Double.isFinite(vb)) {
                    return false;
                }
                if (vb == 0) {
                    if (va != 0) {
                        return false;
                    }
                    continue;
                }
                double ratio = va / vb;
                if (Double.isNaN(c)) {
                    c = ratio;
                } else if (Math.abs(ratio - c) > 1e-9 * Math.abs(c)) {
                    return false;
                }
            }
        }
        return c > 0;
    }

    /** The x value of a row. */
    public double valueOf(MetricsRow row) {
        return metric.value(row);
    }
}
