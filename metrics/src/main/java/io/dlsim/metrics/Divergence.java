package io.dlsim.metrics;

/**
 * Why a run is stopped as diverged: the first evaluation at which a quantity is not a finite
 * number of sane size. The rule, the same for every engine because it is applied to the
 * evaluation rows every engine computes with the same {@link Evaluator}:
 * <ul>
 *   <li>every real metric of the registry ({@link MetricsRow#METRICS}) that the run defines,
 *       except {@code wall_seconds}, must be finite with {@code |value| <= }{@link #LIMIT};
 *       checked in registry order, the first that is not is the {@link #quantity()};</li>
 *   <li>then every entry of the averaged model x̄ (quantity {@value #PARAMETERS}, with the
 *       {@link #index()} of the entry), under the same bound.</li>
 * </ul>
 * Undefined metrics ({@link MetricsRow#isUndefined}) are never checked. The check costs O(d) on
 * top of the evaluation (x̄ is computed by it anyway).
 *
 * @param round the rounds completed at the evaluation that diverged
 * @param quantity the metric name (e.g. {@code train_loss}) or {@value #PARAMETERS}
 * @param index the entry of x̄ when the quantity is {@value #PARAMETERS}, else -1
 * @param value the offending value (NaN, an infinity, or past the limit)
 */
public record Divergence(long round, String quantity, int index, double value) {

    /** The largest magnitude a checked quantity may have: {@code 1e100}. */
    public static final double LIMIT = 1e100;
    /** The quantity name of the averaged model's entries. */
    public static final String PARAMETERS = "parameters";

    /** The divergence of a row and its x̄, or null when every checked quantity is fine. */
    public static Divergence of(MetricsRow row, double[] mean) {
        for (Metric m : MetricsRow.METRICS) {
            if (m.isInteger() || m == MetricsRow.WALL_SECONDS) {
                continue;
            }
            double v = m.value(row);
            if (!MetricsRow.isUndefined(v) && !ok(v)) {
                return new Divergence(row.round(), m.name(), -1, v);
            }
        }
        if (mean != null) {
            for (int c = 0; c < mean.length; c++) {
                if (!ok(mean[c])) {
                    return new Divergence(row.round(), PARAMETERS, c, mean[c]);
                }
            }
        }
        return null;
    }

    private static boolean ok(double v) {
        return Math.abs(v) <= LIMIT; // false for NaN and infinities
    }

    /**
     * One line for people: {@code diverged at round 12: train_loss is NaN}, or
     * {@code ... consensus_distance is 3.2E101 (|value| > 1e100)}, or
     * {@code ... parameters: entry 3 of the averaged model is Infinity}.
     */
    public String describe() {
        String what = quantity.equals(PARAMETERS) ? "parameters: entry " + index + " of the averaged model x\u0304" : quantity;
        String v = Double.isNaN(value) ? "NaN" : Double.toString(value);
        String why = Double.isFinite(value) ? " (|value| > 1e100)" : "";
        return "diverged at round " + round + ": " + what + " is " + v + why;
    }
}
