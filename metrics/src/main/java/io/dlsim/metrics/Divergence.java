package io.dlsim.metrics;

/**
 * Why a run is stopped as diverged: the first evaluation at which a quantity is not a finite
 * number of sane size, or the loss has blown up. The rule, the same for every engine because it
 * is applied by the {@link Evaluator} to the rows every engine computes alike, in this order:
 * <ol>
 *   <li>every real metric of the registry ({@link MetricsRow#METRICS}) that the run defines,
 *       except {@code wall_seconds}, must be finite with {@code |value| <= }{@link #LIMIT}
 *       (1e100); checked in registry order, the first that is not is the {@link #quantity()};</li>
 *   <li>every entry of the averaged model x̄ (quantity {@value #PARAMETERS}, with the
 *       {@link #index()} of the entry) must be finite with {@code |value| <= }{@link #LIMIT};</li>
 *   <li>the train loss must not exceed {@link #GROWTH} (1000) times
 *       {@code max(1, train loss at round 0)}: a loss of x̄ a thousand times its starting value
 *       (e.g. 2.8e4 for softmax on ten classes, which starts at ln 10) means the steps are too
 *       large, even while every number is still finite.</li>
 * </ol>
 * Undefined metrics ({@link MetricsRow#isUndefined}) are never checked. The check costs O(d) on
 * top of the evaluation (x̄ is computed by it anyway).
 *
 * @param round the rounds completed at the evaluation that diverged
 * @param quantity the metric name (e.g. {@code train_loss}) or {@value #PARAMETERS}
 * @param index the entry of x̄ when the quantity is {@value #PARAMETERS}, else -1
 * @param value the offending value (NaN, an infinity, or past the limit)
 * @param limit the bound it broke: {@link #LIMIT}, or the growth bound of rule 3
 */
public record Divergence(long round, String quantity, int index, double value, double limit) {

    /** The largest magnitude a checked quantity may have: {@code 1e100}. */
    public static final double LIMIT = 1e100;
    /** How many times {@code max(1, initial train loss)} the train loss may reach: 1000. */
    public static final double GROWTH = 1e3;
    /** The quantity name of the averaged model's entries. */
    public static final String PARAMETERS = "parameters";

    /**
     * The divergence of a row and its x̄, or null when the rule holds.
     *
     * @param mean x̄, or null to skip rule 2
     * @param initialTrainLoss the train loss at round 0, or NaN when not known (skips rule 3)
     */
    public static Divergence of(MetricsRow row, double[] mean, double initialTrainLoss) {
        for (Metric m : MetricsRow.METRICS) {
            if (m.isInteger() || m == MetricsRow.WALL_SECONDS) {
                continue;
            }
            double v = m.value(row);
            if (!MetricsRow.isUndefined(v) && !(Math.abs(v) <= LIMIT)) { // NaN fails the comparison
                return new Divergence(row.round(), m.name(), -1, v, LIMIT);
            }
        }
        if (mean != null) {
            for (int c = 0; c < mean.length; c++) {
                if (!(Math.abs(mean[c]) <= LIMIT)) {
                    return new Divergence(row.round(), PARAMETERS, c, mean[c], LIMIT);
                }
            }
        }
        if (Double.isFinite(initialTrainLoss)) {
            double bound = GROWTH * Math.max(1, initialTrainLoss);
            if (row.trainLoss() > bound) {
                return new Divergence(row.round(), MetricsRow.TRAIN_LOSS.name(), -1, row.trainLoss(), bound);
            }
        }
        return null;
    }

    /**
     * One line for people, e.g. {@code diverged at round 12: train_loss is NaN},
     * {@code diverged at round 12: consensus_distance is 3.2E101 (|value| > 1e100)},
     * {@code diverged at round 3: parameters: entry 3 of the averaged model x̄ is Infinity},
     * {@code diverged at round 5: train_loss is 21436.5 (more than 1000 x max(1, its round-0 value))}.
     */
    public String describe() {
        String what = quantity.equals(PARAMETERS) ? "parameters: entry " + index + " of the averaged model x\u0304" : quantity;
        String why = "";
        if (Double.isFinite(value)) {
            why = limit == LIMIT ? " (|value| > 1e100)"
                    : " (more than " + (long) GROWTH + " x max(1, its round-0 value), i.e. > " + limit + ")";
        }
        return "diverged at round " + round + ": " + what + " is " + Double.toString(value) + why;
    }
}
