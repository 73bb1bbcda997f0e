package io.dlsim.simulator.live;

import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.report.RunLabels;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live meters of one run, updated from each evaluation ({@link #update(MetricsRow)}) and
 * from the topology's numbers ({@link #setTopology}). Every meter carries the tags
 * {@code scenario}, {@code run}, {@code algorithm}, {@code topology} of the run's
 * {@link RunLabels} (plus the registry's common tags, e.g. {@code member}), never a node id.
 * Before the first value a gauge reads NaN; undefined values (NaN in the row) are exported as
 * NaN.
 *
 * <p>Names, Micrometer form &rarr; as exported to Prometheus (dashboards are written against
 * the exported names):
 * <table>
 *   <caption>Run gauges, set by {@link #update(MetricsRow)}</caption>
 *   <tr><th>Micrometer</th><th>Prometheus</th><th>value</th></tr>
 *   <tr><td>dlsim.round</td><td>dlsim_round</td><td>rounds completed at the last evaluation</td></tr>
 *   <tr><td>dlsim.epoch</td><td>dlsim_epoch</td><td>mean over nodes of examples drawn / shard size</td></tr>
 *   <tr><td>dlsim.train.loss</td><td>dlsim_train_loss</td><td>loss of x̄ on the union of all shards</td></tr>
 *   <tr><td>dlsim.test.loss</td><td>dlsim_test_loss</td><td>loss of x̄ on the test set</td></tr>
 *   <tr><td>dlsim.train.accuracy</td><td>dlsim_train_accuracy</td><td>accuracy of x̄ on the union of all shards</td></tr>
 *   <tr><td>dlsim.test.accuracy</td><td>dlsim_test_accuracy</td><td>accuracy of x̄ on the test set</td></tr>
 *   <tr><td>dlsim.generalization.gap</td><td>dlsim_generalization_gap</td><td>test loss minus train loss</td></tr>
 *   <tr><td>dlsim.consensus.distance</td><td>dlsim_consensus_distance</td><td>(1/n) sum_i ||x_i - x̄||^2</td></tr>
 *   <tr><td>dlsim.optimality.gap</td><td>dlsim_optimality_gap</td><td>F(x̄) - F*</td></tr>
 *   <tr><td>dlsim.mean.local.loss</td><td>dlsim_mean_local_loss</td><td>(1/n) sum_i f_i(x_i)</td></tr>
 *   <tr><td>dlsim.rounds.per.second</td><td>dlsim_rounds_per_second</td><td>rounds between the last two
 *       evaluations divided by the wall time between them (the first evaluation: round / wall seconds)</td></tr>
 *   <tr><td>dlsim.rounds.planned</td><td>dlsim_rounds_planned</td><td>the run's total rounds, from
 *       {@link #setPlannedRounds(long)} (for progress panels)</td></tr>
 * </table>
 * <table>
 *   <caption>Run counters (cumulative totals summed over nodes; use {@code rate()} in PromQL)</caption>
 *   <tr><th>Micrometer</th><th>Prometheus</th><th>value</th></tr>
 *   <tr><td>dlsim.gradient.evaluations</td><td>dlsim_gradient_evaluations_total</td><td>component gradient evaluations</td></tr>
 *   <tr><td>dlsim.messages</td><td>dlsim_messages_total</td><td>messages sent</td></tr>
 *   <tr><td>dlsim.bytes</td><td>dlsim_bytes_total</td><td>parameter bytes sent</td></tr>
 * </table>
 * <table>
 *   <caption>Topology gauges, set by {@link #setTopology}</caption>
 *   <tr><th>Micrometer</th><th>Prometheus</th><th>value</th></tr>
 *   <tr><td>dlsim.topology.lambda</td><td>dlsim_topology_lambda</td><td>||W - 11^T/n||_2</td></tr>
 *   <tr><td>dlsim.topology.lambda2</td><td>dlsim_topology_lambda2</td><td>second largest eigenvalue of W</td></tr>
 *   <tr><td>dlsim.topology.lambda.min</td><td>dlsim_topology_lambda_min</td><td>smallest eigenvalue of W</td></tr>
 *   <tr><td>dlsim.topology.spectral.gap</td><td>dlsim_topology_spectral_gap</td><td>1 - lambda</td></tr>
 *   <tr><td>dlsim.topology.nodes</td><td>dlsim_topology_nodes</td><td>number of nodes n</td></tr>
 *   <tr><td>dlsim.topology.degree.min</td><td>dlsim_topology_degree_min</td><td>smallest node degree</td></tr>
 *   <tr><td>dlsim.topology.degree.max</td><td>dlsim_topology_degree_max</td><td>largest node degree</td></tr>
 * </table>
 * JVM metrics ({@code jvm_*}, {@code process_*}, {@code system_*}) come from {@link LiveRegistry}.
 *
 * <p>Life cycle: one instance per run and registry; a second instance with the same labels in
 * the same registry is refused while the first is open. {@link #close()} removes the run's
 * meters (leave it open to keep the final values visible to Prometheus). Updates may come from
 * any thread; a scrape reads each value atomically (it may see values of two consecutive
 * evaluations). The meters keep their own state alive (gauges hold it strongly), so dropping
 * the reference to this object does not blank them.
 */
public final class LiveMetrics implements AutoCloseable {

    /** Every gauge this class registers, with its Micrometer name and help text. */
    enum G {
        ROUND("dlsim.round", "Rounds completed at the last evaluation"),
        EPOCH("dlsim.epoch", "Mean over nodes of examples drawn / shard size"),
        TRAIN_LOSS("dlsim.train.loss", "Loss of the averaged model on the union of all shards"),
        TEST_LOSS("dlsim.test.loss", "Loss of the averaged model on the test set"),
        TRAIN_ACCURACY("dlsim.train.accuracy", "Accuracy of the averaged model on the union of all shards"),
        TEST_ACCURACY("dlsim.test.accuracy", "Accuracy of the averaged model on the test set"),
        GENERALIZATION_GAP("dlsim.generalization.gap", "Test loss minus train loss of the averaged model"),
        CONSENSUS_DISTANCE("dlsim.consensus.distance", "(1/n) sum_i ||x_i - xbar||^2"),
        OPTIMALITY_GAP("dlsim.optimality.gap", "F(xbar) - F*"),
        MEAN_LOCAL_LOSS("dlsim.mean.local.loss", "(1/n) sum_i f_i(x_i), each node on its own shard"),
        ROUNDS_PER_SECOND("dlsim.rounds.per.second", "Rounds per wall-clock second between the last two evaluations"),
        ROUNDS_PLANNED("dlsim.rounds.planned", "Total rounds the run will do"),
        LAMBDA("dlsim.topology.lambda", "||W - 11^T/n||_2"),
        LAMBDA2("dlsim.topology.lambda2", "Second largest eigenvalue of W"),
        LAMBDA_MIN("dlsim.topology.lambda.min", "Smallest eigenvalue of W"),
        SPECTRAL_GAP("dlsim.topology.spectral.gap", "1 - lambda"),
        NODES("dlsim.topology.nodes", "Number of nodes"),
        DEGREE_MIN("dlsim.topology.degree.min", "Smallest node degree"),
        DEGREE_MAX("dlsim.topology.degree.max", "Largest node degree");

        final String name;
        final String help;

        G(String name, String help) {
            this.name = name;
            this.help = help;
        }
    }

    /** Every counter this class registers. */
    enum C {
        GRADIENT_EVALUATIONS("dlsim.gradient.evaluations", "Component gradient evaluations, summed over nodes"),
        MESSAGES("dlsim.messages", "Messages sent, summed over nodes"),
        BYTES("dlsim.bytes", "Parameter bytes sent, summed over nodes");

        final String name;
        final String help;

        C(String name, String help) {
            this.name = name;
            this.help = help;
        }
    }

    /** The values the meters read: doubles as raw long bits, counters as longs. */
    private static final class Values {
        final AtomicLongArray gauges = new AtomicLongArray(G.values().length);
        final AtomicLongArray counters = new AtomicLongArray(C.values().length);

        Values() {
            for (int i = 0; i < gauges.length(); i++) {
                gauges.set(i, Double.doubleToRawLongBits(Double.NaN));
            }
        }

        double gauge(G g) {
            return Double.longBitsToDouble(gauges.get(g.ordinal()));
        }

        void set(G g, double v) {
            gauges.set(g.ordinal(), Double.doubleToRawLongBits(v));
        }
    }

    private final MeterRegistry registry;
    private final RunLabels labels;
    private final Values values = new Values();
    private final List<Meter> meters = new ArrayList<>();
    private long previousRound = -1;
    private double previousWall = Double.NaN;
    private boolean closed;

    /**
     * Registers the run's meters (all NaN / zero until the first update).
     *
     * @throws IllegalStateException if the registry already has this run's meters
     */
    public LiveMetrics(MeterRegistry registry, RunLabels labels) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.labels = Objects.requireNonNull(labels, "labels");
        Tags tags = tags(labels);
        if (registry.find(G.ROUND.name).tags(tags).gauge() != null) {
            throw new IllegalStateException("live metrics for run " + labels + " are already registered");
        }
        for (G g : G.values()) {
            meters.add(Gauge.builder(g.name, values, v -> v.gauge(g)).description(g.help).tags(tags)
                    .strongReference(true).register(registry));
        }
        for (C c : C.values()) {
            meters.add(FunctionCounter.builder(c.name, values, v -> v.counters.get(c.ordinal())).description(c.help)
                    .tags(tags).register(registry));
        }
    }

    /** The tags of a run: scenario, run, algorithm, topology. */
    public static Tags tags(RunLabels labels) {
        Tags t = Tags.empty();
        for (var e : labels.asMap().entrySet()) {
            t = t.and(e.getKey(), e.getValue());
        }
        return t;
    }

    /** The run's labels. */
    public RunLabels labels() {
        return labels;
    }

    /** Sets every run gauge and counter from one evaluation. */
    public synchronized void update(MetricsRow row) {
        values.set(G.ROUND, row.round());
        values.set(G.EPOCH, row.epoch());
        values.set(G.TRAIN_LOSS, row.trainLoss());
        values.set(G.TEST_LOSS, row.testLoss());
        values.set(G.TRAIN_ACCURACY, row.trainAccuracy());
        values.set(G.TEST_ACCURACY, row.testAccuracy());
        values.set(G.GENERALIZATION_GAP, row.generalizationGap());
        values.set(G.CONSENSUS_DISTANCE, row.consensusDistance());
        values.set(G.OPTIMALITY_GAP, row.optimalityGap());
        values.set(G.MEAN_LOCAL_LOSS, row.meanLocalLoss());
        values.set(G.ROUNDS_PER_SECOND, roundsPerSecond(row));
        values.counters.set(C.GRADIENT_EVALUATIONS.ordinal(), row.gradEvals());
        values.counters.set(C.MESSAGES.ordinal(), row.messages());
        values.counters.set(C.BYTES.ordinal(), row.bytes());
        previousRound = row.round();
        previousWall = row.wallSeconds();
    }

    private double roundsPerSecond(MetricsRow row) {
        double wall = row.wallSeconds();
        if (previousRound >= 0 && wall > previousWall && row.round() >= previousRound) {
            return (row.round() - previousRound) / (wall - previousWall);
        }
        if (previousRound < 0 && wall > 0) {
            return row.round() / wall;
        }
        return values.gauge(G.ROUNDS_PER_SECOND);
    }

    /** Sets {@code dlsim.rounds.planned}, the run's total rounds. */
    public void setPlannedRounds(long rounds) {
        values.set(G.ROUNDS_PLANNED, rounds);
    }

    /**
     * Sets the topology gauges. Pass NaN for what is undefined (e.g. {@code lambda2} and
     * {@code lambdaMin} of a non-symmetric W).
     *
     * @param nodes number of nodes n
     * @param degreeMin smallest node degree
     * @param degreeMax largest node degree
     * @param lambda {@code ||W - 11^T/n||_2}
     * @param lambda2 second largest eigenvalue of W
     * @param lambdaMin smallest eigenvalue of W
     * @param spectralGap {@code 1 - lambda}
     */
    public void setTopology(int nodes, int degreeMin, int degreeMax, double lambda, double lambda2, double lambdaMin,
            double spectralGap) {
        values.set(G.NODES, nodes);
        values.set(G.DEGREE_MIN, degreeMin);
        values.set(G.DEGREE_MAX, degreeMax);
        values.set(G.LAMBDA, lambda);
        values.set(G.LAMBDA2, lambda2);
        values.set(G.LAMBDA_MIN, lambdaMin);
        values.set(G.SPECTRAL_GAP, spectralGap);
    }

    /** Removes this run's meters from the registry. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            meters.forEach(registry::remove);
        }
    }
}
