package io.dlsim.simulator.live;

import io.dlsim.metrics.Metric;
import io.dlsim.metrics.MetricsRow;
import io.dlsim.simulator.report.RunLabels;
import io.dlsim.topologies.TopologyFacts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The live meters of one run, updated from each evaluation ({@link #update(MetricsRow)}) and
 * from the topology's facts ({@link #setTopology}). Every meter carries the tags
 * {@code scenario}, {@code run}, {@code algorithm}, {@code topology} of the run's
 * {@link RunLabels} (plus the registry's common tags, e.g. {@code member}), never a node id.
 * Before the first value a gauge reads NaN and a counter 0; undefined values (NaN in the row)
 * are exported as NaN.
 *
 * <p>The meters derive from the two registries, so that dashboards (written against the
 * exported names) and the files name a quantity the same way:
 * <ul>
 *   <li>one meter per metric of {@link MetricsRow#METRICS} that has a
 *       {@link Metric#prometheusName() Prometheus name}, exported under that name (e.g.
 *       {@code dlsim_train_loss}), with the metric's description as help text; a name ending in
 *       {@code _total} is a counter of a cumulative total summed over nodes (use {@code rate()}
 *       in PromQL: {@code dlsim_gradient_evaluations_total}, {@code dlsim_messages_total},
 *       {@code dlsim_bytes_total}), any other a gauge set by {@link #update(MetricsRow)};</li>
 *   <li>one gauge per numeric fact of {@link TopologyFacts#FACTS}, named
 *       {@code dlsim_topology_} and the fact's name in snake case (e.g. {@code degreeMin}
 *       &rarr; {@code dlsim_topology_degree_min}), set by {@link #setTopology};</li>
 *   <li>{@code dlsim_rounds_per_second}: rounds between the last two evaluations divided by the
 *       wall time between them (the first evaluation: round / wall seconds);</li>
 *   <li>{@code dlsim_rounds_planned}: the run's total rounds, from {@link #setPlannedRounds(long)}
 *       (for progress panels).</li>
 * </ul>
 * The Micrometer name of each is the Prometheus name with dots for underscores and without a
 * counter's {@code _total} ({@link Metric#micrometerName}), e.g. {@code dlsim.train.loss}.
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

    /** Derived gauge: rounds per wall-clock second between the last two evaluations. */
    static final String ROUNDS_PER_SECOND = "dlsim_rounds_per_second";
    /** Gauge: the run's total rounds (a constant of the run, like the topology gauges). */
    public static final String ROUNDS_PLANNED = "dlsim_rounds_planned";
    /** Prefix of the topology gauges (constants of the run: the facts of its W(0)). */
    public static final String TOPOLOGY_PREFIX = "dlsim_topology_";

    /** The registry metrics exported live, in registry order: value slots 0 .. size-1. */
    private static final List<Metric> ROW = MetricsRow.METRICS.stream().filter(Metric::isLive).toList();
    /** The numeric topology facts, in fact order: slots after the two round gauges. */
    private static final List<TopologyFacts.Fact> TOPOLOGY = TopologyFacts.FACTS.stream()
            .filter(TopologyFacts.Fact::isNumber).toList();
    private static final int RATE_SLOT = ROW.size();
    private static final int PLANNED_SLOT = RATE_SLOT + 1;
    private static final int TOPOLOGY_SLOT = PLANNED_SLOT + 1;
    private static final int SLOTS = TOPOLOGY_SLOT + TOPOLOGY.size();

    /** The Prometheus name of a topology fact's gauge: {@code degreeMin} &rarr; {@code dlsim_topology_degree_min}. */
    public static String prometheusName(TopologyFacts.Fact fact) {
        return TOPOLOGY_PREFIX + fact.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private final MeterRegistry registry;
    private final RunLabels labels;
    /** The values the meters read, as raw double bits, one slot per meter. */
    private final AtomicLongArray values = new AtomicLongArray(SLOTS);
    private final List<Meter> meters = new ArrayList<>();
    private long previousRound = -1;
    private double previousWall = Double.NaN;
    private boolean closed;

    /**
     * Registers the run's meters (gauges NaN, counters zero until the first update).
     *
     * @throws IllegalStateException if the registry already has this run's meters
     */
    public LiveMetrics(MeterRegistry registry, RunLabels labels) {
        this(registry, labels, false);
    }

    /**
     * As {@link #LiveMetrics(MeterRegistry, RunLabels)}, with the simulated-time gauges
     * ({@code dlsim_sim_seconds}, {@code dlsim_idle_fraction}) when {@code timed}: a run with a
     * system model. Without one they are not registered, so such a run exports what it always did.
     */
    public LiveMetrics(MeterRegistry registry, RunLabels labels, boolean timed) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.labels = Objects.requireNonNull(labels, "labels");
        Tags tags = tags(labels);
        if (registry.find(Metric.micrometerName(ROW.get(0).prometheusName())).tags(tags).meter() != null) {
            throw new IllegalStateException("live metrics for run " + labels + " are already registered");
        }
        for (int k = 0; k < ROW.size(); k++) {
            if (timed || !ROW.get(k).isSimulatedTime()) {
                register(ROW.get(k).prometheusName(), ROW.get(k).description(), k, tags);
            }
        }
        register(ROUNDS_PER_SECOND, "Rounds per wall-clock second between the last two evaluations", RATE_SLOT, tags);
        register(ROUNDS_PLANNED, "Total rounds the run will do", PLANNED_SLOT, tags);
        for (int k = 0; k < TOPOLOGY.size(); k++) {
            register(prometheusName(TOPOLOGY.get(k)), TOPOLOGY.get(k).description(), TOPOLOGY_SLOT + k, tags);
        }
    }

    private void register(String prometheusName, String help, int slot, Tags tags) {
        String name = Metric.micrometerName(prometheusName);
        if (Metric.isCounter(prometheusName)) {
            values.set(slot, Double.doubleToRawLongBits(0));
            meters.add(FunctionCounter.builder(name, values, v -> get(v, slot)).description(help).tags(tags)
                    .register(registry));
        } else {
            values.set(slot, Double.doubleToRawLongBits(Double.NaN));
            meters.add(Gauge.builder(name, values, v -> get(v, slot)).description(help).tags(tags)
                    .strongReference(true).register(registry));
        }
    }

    private static double get(AtomicLongArray values, int slot) {
        return Double.longBitsToDouble(values.get(slot));
    }

    private void set(int slot, double v) {
        values.set(slot, Double.doubleToRawLongBits(v));
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

    /** Sets every exported metric of the row (counters exact below 2^53) and the rounds per second. */
    public synchronized void update(MetricsRow row) {
        for (int k = 0; k < ROW.size(); k++) {
            set(k, ROW.get(k).value(row));
        }
        set(RATE_SLOT, roundsPerSecond(row));
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
        return get(values, RATE_SLOT);
    }

    /** Sets {@code dlsim_rounds_planned}, the run's total rounds. */
    public void setPlannedRounds(long rounds) {
        set(PLANNED_SLOT, rounds);
    }

    /**
     * Sets the topology gauges, one per numeric fact (NaN where a fact is undefined, e.g.
     * {@code lambda2} of a non-symmetric W).
     */
    public void setTopology(TopologyFacts facts) {
        Objects.requireNonNull(facts, "facts");
        for (int k = 0; k < TOPOLOGY.size(); k++) {
            set(TOPOLOGY_SLOT + k, TOPOLOGY.get(k).number().applyAsDouble(facts));
        }
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
