package io.dlsim.simulator.report;

import io.dlsim.metrics.MetricsRow;
import java.util.function.ToDoubleFunction;

/**
 * The quantities the experiment report plots, each with its file stem, axis title, caption
 * text (the definitions of DESIGN.md section 3) and whether its y axis is logarithmic. On a
 * logarithmic axis non-positive points are left out, on every axis NaN and infinite points are.
 */
public enum PlotMetric {
    /** Loss of x̄ on the union of all shards. */
    TRAIN_LOSS("train_loss", "Train loss", "Train loss of the averaged model x\u0304 on the union of all shards",
            false, MetricsRow::trainLoss),
    /** Loss of x̄ on the test set. */
    TEST_LOSS("test_loss", "Test loss", "Test loss of the averaged model x\u0304", false, MetricsRow::testLoss),
    /** Accuracy of x̄ on the test set. */
    TEST_ACCURACY("test_accuracy", "Test accuracy", "Test accuracy of the averaged model x\u0304", false,
            MetricsRow::testAccuracy),
    /** Test loss minus train loss of x̄. */
    GENERALIZATION_GAP("generalization_gap", "Generalization gap",
            "Generalization gap (test loss minus train loss of x\u0304; read it together with the train loss: "
                    + "a small gap can come from underfitting)", false, MetricsRow::generalizationGap),
    /** (1/n) sum_i ||x_i - x̄||^2. */
    CONSENSUS_DISTANCE("consensus_distance", "Consensus distance",
            "Consensus distance (1/n) \u03a3\u1d62 \u2016x\u1d62 \u2212 x\u0304\u2016\u00b2", true,
            MetricsRow::consensusDistance),
    /** F(x̄) - F*. */
    OPTIMALITY_GAP("optimality_gap", "Optimality gap F(x\u0304) \u2212 F*",
            "Optimality gap F(x\u0304) \u2212 F* (F* from a centralized high-precision solver)", true,
            MetricsRow::optimalityGap);

    private final String stem;
    private final String title;
    private final String description;
    private final boolean logY;
    private final ToDoubleFunction<MetricsRow> value;

    PlotMetric(String stem, String title, String description, boolean logY, ToDoubleFunction<MetricsRow> value) {
        this.stem = stem;
        this.title = title;
        this.description = description;
        this.logY = logY;
        this.value = value;
    }

    /** The file-name stem, equal to the metrics.csv column. */
    public String stem() {
        return stem;
    }

    /** Chart and y-axis title. */
    public String title() {
        return title;
    }

    /** One sentence for the figure caption. */
    public String description() {
        return description;
    }

    /** Whether the y axis is logarithmic. */
    public boolean logY() {
        return logY;
    }

    /** The plotted value of a row (may be NaN). */
    public double valueOf(MetricsRow row) {
        return value.applyAsDouble(row);
    }

    /** Whether the value can be drawn on this metric's axis: finite, and positive on a log axis. */
    public boolean plottable(double v) {
        return Double.isFinite(v) && (!logY || v > 0);
    }

    /** The x axes the report plots against. */
    public enum XAxis {
        /** Communication rounds. */
        ROUNDS("rounds", "Rounds"),
        /** Component gradient evaluations summed over nodes. */
        GRAD_EVALS("grad_evals", "Gradient evaluations (summed over nodes)");

        private final String stem;
        private final String title;

        XAxis(String stem, String title) {
            this.stem = stem;
            this.title = title;
        }

        /** The file-name part, e.g. {@code rounds}. */
        public String stem() {
            return stem;
        }

        /** The axis title. */
        public String title() {
            return title;
        }

        /** The x value of a row. */
        public double valueOf(MetricsRow row) {
            return this == ROUNDS ? row.round() : row.gradEvals();
        }
    }
}
