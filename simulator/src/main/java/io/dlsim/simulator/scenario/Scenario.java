package io.dlsim.simulator.scenario;

import io.dlsim.algorithms.data.DataSource;
import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.ModelSettings;
import io.dlsim.algorithms.optim.AlgorithmSettings;
import io.dlsim.simulator.engine.EngineType;
import io.dlsim.topologies.ScheduleSpec;
import java.util.Map;

/**
 * One fully resolved, validated run of a scenario file (a sweep gives several): everything the
 * engines need, plus the resolved YAML that is written next to the results. Built only by
 * {@link ScenarioParser}; immutable.
 *
 * @param name the scenario's name (the experiment)
 * @param runName this run's name: the scenario name, or the sweep values that made it
 * @param sweepValues the sweep keys and values of this run as text (empty without a sweep), in
 *     the order of the sweep: a scalar as written, a list or mapping as its scalar leaves joined
 *     by '-' (the text of the run name before it is made folder-friendly)
 * @param resolvedYaml the scenario with the sweep values applied, as YAML
 * @param seed the run's seed; every random stream derives from it
 * @param nodes number of simulated nodes
 * @param rounds gossip rounds to run
 * @param evalEvery evaluate every this many rounds (and at 0 and at the end)
 * @param engine the engine the file asks for: actors (default) or sequential ({@code --engine} overrides it)
 * @param data where the train and test sets come from (paths resolved)
 * @param partition how the training set is split over the nodes
 * @param model the model every node trains, and its initial point
 * @param algorithm the algorithm every node runs, with its settings
 * @param schedule the topology or time-varying schedule W(t)
 * @param topologyLabel a short label of the topology for tables and metric tags
 * @param computeOptimum whether to compute F* by FISTA for the optimality gap ({@code optimum:
 *     auto} does for least squares and for regularized convex models, where a minimiser exists;
 *     {@code fista} forces it, {@code none} skips it)
 * @param checkpointEvery write a checkpoint every this many rounds (a multiple of
 *     {@code evalEvery}; 0: none), from which {@code dlsim resume} continues the run bit for bit
 * @param targets the values the run's time-to-target is reported for ({@code targets:}), metric
 *     name to value, in the file's order (empty: none)
 * @param system the system model (the {@code system:} section), or null: the run counts rounds
 *     only and writes no simulated time
 * @param params what tells this run apart from the other runs of its experiment: every swept key
 *     under its full dotted path with its value as the file gives it (a String, Long, Double,
 *     Boolean, or a List / Map of them), in the order of the sweep, then {@code seed} (always,
 *     swept or not). For {@code run.json}, {@code runs.csv} and {@code comparison.csv}
 * @param execution synchronous rounds (the default) or asynchronous execution on simulated time
 * @param dataPrecision how the dense features of the train and test sets are stored
 *     ({@code data.precision}; float64 by default, float32 changes the results)
 */
public record Scenario(String name, String description, String runName, Map<String, String> sweepValues, String resolvedYaml,
        long seed, int nodes, long rounds, long evalEvery, EngineType engine, DataSource data, Partitioner partition,
        ModelSettings model, AlgorithmSettings algorithm, ScheduleSpec schedule, String topologyLabel, boolean computeOptimum,
        long checkpointEvery, io.dlsim.algorithms.system.SystemSettings system, Map<String, Double> targets,
        Map<String, Object> params, Execution execution, io.dlsim.algorithms.data.Dataset.Precision dataPrecision) {

    /** Copies the maps, keeping their order. */
    public Scenario {
        sweepValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sweepValues));
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
        execution = execution == null ? Execution.SYNCHRONOUS : execution;
        dataPrecision = dataPrecision == null ? io.dlsim.algorithms.data.Dataset.Precision.FLOAT64 : dataPrecision;
    }

    /**
     * A swept value as text, the one rule for run names, {@link #sweepValues()} and the params
     * columns of {@code runs.csv} and {@code comparison.csv}: a scalar as written
     * ({@link String#valueOf}), a list or mapping (e.g. a whole {@code topology.phases} list) as
     * its scalar leaves in order joined by '-', so {@code [{type: complete, rounds: 500}, {type:
     * ring}]} reads {@code complete-500-ring}; {@code empty} when it has none.
     *
     * @param value a value as the file gives it: a String, Number, Boolean, null, or a List / Map of them
     */
    public static String valueText(Object value) {
        if (!(value instanceof Map<?, ?>) && !(value instanceof Iterable<?>)) {
            return String.valueOf(value);
        }
        java.util.List<String> leaves = new java.util.ArrayList<>();
        leaves(value, leaves);
        return leaves.isEmpty() ? "empty" : String.join("-", leaves);
    }

    private static void leaves(Object v, java.util.List<String> out) {
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> leaves(x, out));
        } else if (v instanceof Iterable<?> l) {
            l.forEach(x -> leaves(x, out));
        } else {
            out.add(String.valueOf(v));
        }
    }

    /** Where each node's initial point comes from ({@code model.init}). */
    public InitMode init() {
        return model.init();
    }

    /** Whether the model is convex, so that F* and the optimality gap are defined. */
    public boolean convex() {
        return model.convex();
    }

    /** When this run is evaluated and checkpointed, from round 0. */
    public io.dlsim.metrics.EvaluationRounds plan() {
        return new io.dlsim.metrics.EvaluationRounds(rounds, evalEvery, checkpointEvery, 0);
    }

    /**
     * The metrics that say how this run is doing, best first (a progress display shows the first
     * one a row defines): the metrics of its {@code targets:}, in the file's order; the consensus
     * distance for pure gossip averaging (nothing else changes); the optimality gap when F* is
     * computed; then {@link io.dlsim.metrics.MetricsRow#HEADLINE} (test accuracy, test loss, train
     * loss).
     */
    public java.util.List<io.dlsim.metrics.Metric> headline() {
        java.util.LinkedHashSet<io.dlsim.metrics.Metric> h = new java.util.LinkedHashSet<>();
        targets.keySet().forEach(t -> io.dlsim.metrics.TimeToTarget.metric(t).ifPresent(h::add));
        if (algorithm instanceof io.dlsim.algorithms.optim.GossipAveraging.Settings) {
            h.add(io.dlsim.metrics.MetricsRow.CONSENSUS_DISTANCE);
        }
        if (computeOptimum) {
            h.add(io.dlsim.metrics.MetricsRow.OPTIMALITY_GAP);
        }
        h.addAll(io.dlsim.metrics.MetricsRow.HEADLINE);
        return java.util.List.copyOf(h);
    }

    /** This run under another name (the parser makes run names unique). */
    Scenario withRunName(String newName) {
        return new Scenario(name, description, newName, sweepValues, resolvedYaml, seed, nodes, rounds, evalEvery, engine, data,
                partition, model, algorithm, schedule, topologyLabel, computeOptimum, checkpointEvery, system, targets, params,
                execution, dataPrecision);
    }
}
