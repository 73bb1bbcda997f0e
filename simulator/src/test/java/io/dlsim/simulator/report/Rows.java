package io.dlsim.simulator.report;

import io.dlsim.metrics.MetricsRow;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic metric rows for the report tests. */
final class Rows {

    private Rows() {
    }

    /**
     * A run-like trajectory: losses decrease, accuracy rises, consensus distance decays
     * geometrically; the optimality gap is NaN when {@code convex} is false.
     */
    static List<MetricsRow> trajectory(int count, double scale, boolean convex) {
        List<MetricsRow> rows = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long round = 10L * k;
            double train = scale * (0.3 + 0.7 / (1 + k));
            double test = train + 0.05 * scale;
            rows.add(new MetricsRow(round, 0.25 * k, 320L * k, 64L * k, 64L * 8 * 100 * k,
                    Math.pow(0.5, k) * scale, train, test, 0.5 + 0.4 * k / count, 0.45 + 0.4 * k / count,
                    test - train, convex ? scale * Math.pow(0.7, k) : Double.NaN, train * 1.1, 0.01 * k));
        }
        return rows;
    }

    /** A row with every real value given and the integers derived from the round. */
    static MetricsRow row(long round, double v) {
        return new MetricsRow(round, v, round * 3, round * 2, round * 16, v, v, v, v, v, v, v, v, v);
    }
}
