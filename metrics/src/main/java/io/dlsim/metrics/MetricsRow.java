package io.dlsim.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of a run, with the quantities DESIGN.md section 3 defines.
 *
 * <p>Two kinds of NaN, kept apart by their bits: a quantity the run does not define (the
 * optimality gap without F*, accuracies of a regression, test metrics without a test set, the
 * mean local loss of the centralized baseline) is {@link #UNDEFINED}, the canonical
 * {@link Double#NaN}; a quantity that was computed and came out NaN (a diverged run) is
 * {@link #NAN}, a NaN with another payload. Every sink shows the first as an empty cell and the
 * second as {@code NaN} ({@link #isUndefined}). Code that builds rows from arithmetic passes
 * computed values through {@link #computed(double)}, since the bits of a NaN an operation
 * produces depend on the processor.
 *
 * <p>This file is also the metric registry: {@link #METRICS} lists every component as a
 * {@link Metric} (name, accessor, unit, scale, Prometheus name, plotted or not), in component
 * order, and {@code metrics.csv}, {@code summary.json}, the comparison and console tables, the
 * plots and the live gauges all derive from it. To add a quantity: add the component, its
 * {@code Metric} constant and its entry in {@link #METRICS}, and read it in {@link #read};
 * {@code MetricsRowTest} checks that the four agree.
 *
 * @param round rounds completed
 * @param epoch mean over nodes of examples drawn / shard size
 * @param gradEvals component gradient evaluations, summed over nodes
 * @param messages messages sent, summed over nodes
 * @param bytes parameter bytes sent, summed over nodes
 * @param consensusDistance {@code (1/n) sum_i ||x_i - x̄||^2}
 * @param trainLoss loss of x̄ on the union of all shards
 * @param testLoss loss of x̄ on the test set
 * @param trainAccuracy accuracy of x̄ on the union of all shards
 * @param testAccuracy accuracy of x̄ on the test set
 * @param generalizationGap {@code testLoss - trainLoss}
 * @param optimalityGap {@code F(x̄) - F*} with {@code F = trainLoss + r}
 * @param meanLocalLoss {@code (1/n) sum_i f_i(x_i)}, each node's loss on its own shard
 * @param simSeconds simulated seconds at which the evaluated round had ended on every node (the
 *     largest node clock); {@link #UNDEFINED} in a run without a system model
 * @param idleFraction share of the nodes' simulated time spent waiting for messages,
 *     {@code sum_i idle_i / sum_i clock_i} (0 while no time has passed); {@link #UNDEFINED}
 *     without a system model
 * @param onlineNodes nodes taking part in the next round (all of them unless {@code system.churn}
 *     takes some offline; x̄, the consensus distance and the mean local loss are then over these);
 *     not written without a system model
 * @param stepsMin the fewest local steps a node has completed (runs with a system model; fewer
 *     than {@code round} for a node that churn took offline or that runs asynchronously behind)
 * @param stepsMax the most local steps a node has completed
 * @param stalenessMean mean staleness, in the receiver's steps, of the messages combined since
 *     the previous row (0 in synchronous rounds; asynchronous execution's bounded staleness)
 * @param stalenessP95 its 95th percentile
 * @param stalenessMax its largest value
 * @param wallSeconds wall-clock seconds since the run started
 */
public record MetricsRow(long round, double epoch, long gradEvals, long messages, long bytes, double consensusDistance,
        double trainLoss, double testLoss, double trainAccuracy, double testAccuracy, double generalizationGap,
        double optimalityGap, double meanLocalLoss, double simSeconds, double idleFraction, long onlineNodes, long stepsMin,
        long stepsMax, double stalenessMean, double stalenessP95, double stalenessMax, double wallSeconds) {

    /** A row on simulated time without step counts or staleness (a file of a build that did not write them: 0). */
    public MetricsRow(long round, double epoch, long gradEvals, long messages, long bytes, double consensusDistance,
            double trainLoss, double testLoss, double trainAccuracy, double testAccuracy, double generalizationGap,
            double optimalityGap, double meanLocalLoss, double simSeconds, double idleFraction, long onlineNodes, double wallSeconds) {
        this(round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy, testAccuracy,
                generalizationGap, optimalityGap, meanLocalLoss, simSeconds, idleFraction, onlineNodes, 0, 0, 0, 0, 0, wallSeconds);
    }

    /** A row on simulated time without an online count (read from a file of a build that did not write it: 0). */
    public MetricsRow(long round, double epoch, long gradEvals, long messages, long bytes, double consensusDistance,
            double trainLoss, double testLoss, double trainAccuracy, double testAccuracy, double generalizationGap,
            double optimalityGap, double meanLocalLoss, double simSeconds, double idleFraction, double wallSeconds) {
        this(round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy, testAccuracy,
                generalizationGap, optimalityGap, meanLocalLoss, simSeconds, idleFraction, 0, wallSeconds);
    }

    /** A row of a run without a system model (no simulated time). */
    public MetricsRow(long round, double epoch, long gradEvals, long messages, long bytes, double consensusDistance,
            double trainLoss, double testLoss, double trainAccuracy, double testAccuracy, double generalizationGap,
            double optimalityGap, double meanLocalLoss, double wallSeconds) {
        this(round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy, testAccuracy,
                generalizationGap, optimalityGap, meanLocalLoss, UNDEFINED, UNDEFINED, wallSeconds);
    }

    /** Whether the row is of a run on simulated time (it defines {@link #SIM_SECONDS} and {@link #IDLE_FRACTION}). */
    public boolean timed() {
        return !isUndefined(simSeconds);
    }

    /** The value of a quantity the run does not define: the canonical {@link Double#NaN}. */
    public static final double UNDEFINED = Double.NaN;
    private static final long UNDEFINED_BITS = Double.doubleToRawLongBits(UNDEFINED);
    /** A computed value that is not a number (written {@code NaN}); its bits differ from {@link #UNDEFINED}'s. */
    public static final double NAN = Double.longBitsToDouble(UNDEFINED_BITS | 1L);

    /** Whether {@code v} is {@link #UNDEFINED} (an empty cell), as opposed to a number or a computed {@link #NAN}. */
    public static boolean isUndefined(double v) {
        return Double.doubleToRawLongBits(v) == UNDEFINED_BITS;
    }

    /** A computed value as a row holds it: any NaN becomes {@link #NAN}, anything else is unchanged. */
    public static double computed(double v) {
        return Double.isNaN(v) ? NAN : v;
    }

    /** Rounds completed. */
    public static final Metric ROUND = Metric.integer("round", MetricsRow::round, "Rounds completed")
            .withUnit("rounds").withPrometheusName("dlsim_round");
    /** Mean over nodes of examples drawn / shard size. */
    public static final Metric EPOCH = Metric.real("epoch", MetricsRow::epoch,
            "Mean over nodes of examples drawn / shard size").withUnit("epochs").withPrometheusName("dlsim_epoch");
    /** Component gradient evaluations summed over nodes (a counter live). */
    public static final Metric GRAD_EVALS = Metric.integer("grad_evals", MetricsRow::gradEvals,
            "Component gradient evaluations, summed over nodes").withUnit("gradient evaluations")
            .withPrometheusName("dlsim_gradient_evaluations_total");
    /** Messages sent summed over nodes (a counter live). */
    public static final Metric MESSAGES = Metric.integer("messages", MetricsRow::messages,
            "Messages sent, summed over nodes").withUnit("messages").withPrometheusName("dlsim_messages_total");
    /** Parameter bytes sent summed over nodes (a counter live). */
    public static final Metric BYTES = Metric.integer("bytes", MetricsRow::bytes,
            "Parameter bytes sent, summed over nodes").withUnit("bytes").withPrometheusName("dlsim_bytes_total");
    /** {@code (1/n) sum_i ||x_i - x̄||^2}, plotted on a log scale. */
    public static final Metric CONSENSUS_DISTANCE = Metric.real("consensus_distance", MetricsRow::consensusDistance,
            "Consensus distance (1/n) \u03a3\u1d62 \u2016x\u1d62 \u2212 x\u0304\u2016\u00b2")
            .withShortName("consensus").withPrometheusName("dlsim_consensus_distance")
            .withPlot("Consensus distance", true);
    /** Loss of x̄ on the union of all shards. */
    public static final Metric TRAIN_LOSS = Metric.real("train_loss", MetricsRow::trainLoss,
            "Train loss of the averaged model x\u0304 on the union of all shards")
            .withPrometheusName("dlsim_train_loss").withPlot("Train loss", false);
    /** Loss of x̄ on the test set. */
    public static final Metric TEST_LOSS = Metric.real("test_loss", MetricsRow::testLoss,
            "Test loss of the averaged model x\u0304").withPrometheusName("dlsim_test_loss").withPlot("Test loss", false);
    /** Accuracy of x̄ on the union of all shards. */
    public static final Metric TRAIN_ACCURACY = Metric.real("train_accuracy", MetricsRow::trainAccuracy,
            "Train accuracy of the averaged model x\u0304 on the union of all shards").withShortName("train_acc")
            .withPrometheusName("dlsim_train_accuracy");
    /** Accuracy of x̄ on the test set. */
    public static final Metric TEST_ACCURACY = Metric.real("test_accuracy", MetricsRow::testAccuracy,
            "Test accuracy of the averaged model x\u0304").withShortName("test_acc")
            .withPrometheusName("dlsim_test_accuracy").withPlot("Test accuracy", false);
    /** Test loss minus train loss of x̄. */
    public static final Metric GENERALIZATION_GAP = Metric.real("generalization_gap", MetricsRow::generalizationGap,
            "Generalization gap (test loss minus train loss of x\u0304; read it together with the train loss: "
                    + "a small gap can come from underfitting)")
            .withShortName("gen_gap").withPrometheusName("dlsim_generalization_gap")
            .withPlot("Generalization gap", false);
    /** {@code F(x̄) - F*}, plotted on a log scale. */
    public static final Metric OPTIMALITY_GAP = Metric.real("optimality_gap", MetricsRow::optimalityGap,
            "Optimality gap F(x\u0304) \u2212 F* (F* from a centralized high-precision solver)")
            .withShortName("opt_gap").withPrometheusName("dlsim_optimality_gap")
            .withPlot("Optimality gap F(x\u0304) \u2212 F*", true);
    /** {@code (1/n) sum_i f_i(x_i)}. */
    public static final Metric MEAN_LOCAL_LOSS = Metric.real("mean_local_loss", MetricsRow::meanLocalLoss,
            "Mean local loss (1/n) \u03a3\u1d62 f\u1d62(x\u1d62), each node's loss on its own shard")
            .withShortName("local_loss").withPrometheusName("dlsim_mean_local_loss");
    /** Simulated seconds at which the evaluated round had ended on every node (runs with a system model only). */
    public static final Metric SIM_SECONDS = Metric.real("sim_seconds", MetricsRow::simSeconds,
            "Simulated seconds at which the evaluated round had ended on every node").withUnit("seconds")
            .withShortName("sim_s").withPrometheusName("dlsim_sim_seconds").simulatedTime();
    /** Share of the nodes' simulated time spent waiting for messages (runs with a system model only). */
    public static final Metric IDLE_FRACTION = Metric.real("idle_fraction", MetricsRow::idleFraction,
            "Share of the nodes' simulated time spent waiting for their in-neighbours' messages").withShortName("idle")
            .withPrometheusName("dlsim_idle_fraction").simulatedTime();
    /** Nodes taking part in the next round (runs with a system model only; fewer than n only under churn). */
    public static final Metric ONLINE_NODES = Metric.integer("online_nodes", MetricsRow::onlineNodes,
            "Nodes online (taking part in the next round); x\u0304 and the consensus distance are over these")
            .withUnit("nodes").withShortName("online").withPrometheusName("dlsim_online_nodes").simulatedTime();
    /** The fewest local steps completed by a node (runs with a system model only). */
    public static final Metric STEPS_MIN = Metric.integer("steps_min", MetricsRow::stepsMin,
            "Fewest local steps completed by a node").withUnit("steps").withPrometheusName("dlsim_steps_min").simulatedTime();
    /** The most local steps completed by a node (runs with a system model only). */
    public static final Metric STEPS_MAX = Metric.integer("steps_max", MetricsRow::stepsMax,
            "Most local steps completed by a node").withUnit("steps").withPrometheusName("dlsim_steps_max").simulatedTime();
    /** Mean staleness of the messages combined since the previous row (runs with a system model only). */
    public static final Metric STALENESS_MEAN = Metric.real("staleness_mean", MetricsRow::stalenessMean,
            "Mean staleness of the messages combined since the previous row, in the receiver's steps (0 in synchronous rounds)")
            .withUnit("steps").withShortName("stale").withPrometheusName("dlsim_staleness_mean").simulatedTime();
    /** 95th percentile of that staleness. */
    public static final Metric STALENESS_P95 = Metric.real("staleness_p95", MetricsRow::stalenessP95,
            "95th percentile of the staleness of the messages combined since the previous row").withUnit("steps")
            .withShortName("stale_p95").withPrometheusName("dlsim_staleness_p95").simulatedTime();
    /** Largest staleness. */
    public static final Metric STALENESS_MAX = Metric.real("staleness_max", MetricsRow::stalenessMax,
            "Largest staleness of the messages combined since the previous row").withUnit("steps")
            .withShortName("stale_max").withPrometheusName("dlsim_staleness_max").simulatedTime();
    /** Wall-clock seconds since the run started: the one value engines may differ in, so never exported as is. */
    public static final Metric WALL_SECONDS = Metric.real("wall_seconds", MetricsRow::wallSeconds,
            "Wall-clock seconds since the run started").withUnit("seconds").withShortName("wall_s");

    /** The registry: every metric, in component order (the {@code metrics.csv} column order). */
    public static final List<Metric> METRICS = List.of(ROUND, EPOCH, GRAD_EVALS, MESSAGES, BYTES, CONSENSUS_DISTANCE,
            TRAIN_LOSS, TEST_LOSS, TRAIN_ACCURACY, TEST_ACCURACY, GENERALIZATION_GAP, OPTIMALITY_GAP, MEAN_LOCAL_LOSS,
            SIM_SECONDS, IDLE_FRACTION, ONLINE_NODES, STEPS_MIN, STEPS_MAX, STALENESS_MEAN, STALENESS_P95, STALENESS_MAX,
            WALL_SECONDS);

    /** The metrics of a run without a system model: the registry without the {@linkplain Metric#isSimulatedTime simulated-time} ones. */
    public static final List<Metric> UNTIMED = METRICS.stream().filter(m -> !m.isSimulatedTime()).toList();

    /** The metrics a run writes: all of them on simulated time, else {@link #UNTIMED} (so such a run's files are unchanged). */
    public static List<Metric> metrics(boolean timed) {
        return timed ? METRICS : UNTIMED;
    }

    /**
     * The headline metrics of a progress display, best first: show the first one a row defines
     * (accuracy when there is a test set of a classifier, else a loss).
     */
    public static final List<Metric> HEADLINE = List.of(TEST_ACCURACY, TEST_LOSS, TRAIN_LOSS);

    /** The plotted metrics, in registry order: the report's charts and the console summary table's columns. */
    public static final List<Metric> PLOTTED = METRICS.stream().filter(Metric::isPlotted).toList();

    /** The CSV column names of a run without a system model, in order: the names of {@link #UNTIMED}. */
    public static final String[] COLUMNS = UNTIMED.stream().map(Metric::name).toArray(String[]::new);

    /** The CSV column names of a run, in order: the names of {@link #metrics(boolean)}. */
    public static String[] columns(boolean timed) {
        return metrics(timed).stream().map(Metric::name).toArray(String[]::new);
    }

    /** Where {@link #read} takes each metric's value from (e.g. a CSV line's cells). */
    public interface Values {
        /** The value of an integer metric. */
        long integer(Metric metric);

        /** The value of a real metric ({@link #UNDEFINED} when undefined, {@link #NAN} when a computed NaN). */
        double real(Metric metric);
    }

    /** The row whose every metric has the value {@code values} gives: the inverse of the accessors. */
    public static MetricsRow read(Values v) {
        return new MetricsRow(v.integer(ROUND), v.real(EPOCH), v.integer(GRAD_EVALS), v.integer(MESSAGES),
                v.integer(BYTES), v.real(CONSENSUS_DISTANCE), v.real(TRAIN_LOSS), v.real(TEST_LOSS),
                v.real(TRAIN_ACCURACY), v.real(TEST_ACCURACY), v.real(GENERALIZATION_GAP), v.real(OPTIMALITY_GAP),
                v.real(MEAN_LOCAL_LOSS), v.real(SIM_SECONDS), v.real(IDLE_FRACTION), v.integer(ONLINE_NODES), v.integer(STEPS_MIN), v.integer(STEPS_MAX),
                zeroIfUndefined(v.real(STALENESS_MEAN)), zeroIfUndefined(v.real(STALENESS_P95)), zeroIfUndefined(v.real(STALENESS_MAX)),
                v.real(WALL_SECONDS));
    }

    /** The values keyed by {@link #columns(boolean)} of this row: a {@link Long} for integer metrics, a {@link Double} for reals. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Metric metric : metrics(timed())) {
            m.put(metric.name(), metric.boxed(this));
        }
        return m;
    }

    /** The same row on simulated time: with these {@code sim_seconds}, {@code idle_fraction} and {@code online_nodes}. */
    public MetricsRow withSimulatedTime(double seconds, double idle, long online) {
        return withSimulatedTime(seconds, idle, online, stepsMin, stepsMax);
    }

    /** The same row on simulated time, with the nodes' fewest and most local steps too. */
    public MetricsRow withSimulatedTime(double seconds, double idle, long online, long fewestSteps, long mostSteps) {
        return new MetricsRow(round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy,
                testAccuracy, generalizationGap, optimalityGap, meanLocalLoss, seconds, idle, online, fewestSteps, mostSteps,
                stalenessMean, stalenessP95, stalenessMax, wallSeconds);
    }

    /**
     * The same row of an asynchronous run: evaluated at simulated time {@code seconds} after
     * {@code round} mean local steps, with the staleness of the messages combined since the
     * previous row.
     */
    public MetricsRow withAsynchrony(long rounds, double seconds, double staleMean, double staleP95, double staleMax) {
        return new MetricsRow(rounds, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy,
                testAccuracy, generalizationGap, optimalityGap, meanLocalLoss, seconds, idleFraction, onlineNodes, stepsMin, stepsMax,
                staleMean, staleP95, staleMax, wallSeconds);
    }

    private static double zeroIfUndefined(double v) {
        return isUndefined(v) ? 0 : v;
    }

    /** The same row with another wall-clock time (wall time is the one value engines may differ in). */
    public MetricsRow withWallSeconds(double seconds) {
        return new MetricsRow(round, epoch, gradEvals, messages, bytes, consensusDistance, trainLoss, testLoss, trainAccuracy,
                testAccuracy, generalizationGap, optimalityGap, meanLocalLoss, simSeconds, idleFraction, onlineNodes, stepsMin, stepsMax,
                stalenessMean, stalenessP95, stalenessMax, seconds);
    }
}
