package io.dlsim.simulator.scenario;

import io.dlsim.algorithms.data.Partitioner;
import io.dlsim.algorithms.model.InitMode;
import io.dlsim.algorithms.model.ModelSpec;
import io.dlsim.algorithms.optim.AlgorithmSpec;
import io.dlsim.topologies.ScheduleSpec;
import java.util.Map;

/**
 * One fully resolved, validated run of a scenario file (a sweep gives several): everything the
 * engines need, plus the resolved YAML that is written next to the results. Built only by
 * {@link ScenarioParser}; immutable.
 *
 * @param name the scenario's name (the experiment)
 * @param runName this run's name: the scenario name, or the sweep values that made it
 * @param sweepValues the sweep keys and values of this run (empty without a sweep)
 * @param resolvedYaml the scenario with the sweep values applied, as YAML
 * @param seed the run's seed; every random stream derives from it
 * @param nodes number of simulated nodes
 * @param rounds gossip rounds to run
 * @param evalEvery evaluate every this many rounds (and at 0 and at the end)
 * @param engine {@code actors} (default) or {@code sequential}
 * @param topologyLabel a short label of the topology for tables and metric tags
 * @param computeOptimum whether to compute F* by FISTA for the optimality gap ({@code optimum:
 *     auto} does for least squares and for regularized convex models, where a minimiser exists;
 *     {@code fista} forces it, {@code none} skips it)
 */
public record Scenario(String name, String description, String runName, Map<String, String> sweepValues, String resolvedYaml,
        long seed, int nodes, long rounds, long evalEvery, String engine, DataSpec data, Partitioner partition, ModelSpec model,
        InitMode init, AlgorithmSpec algorithm, ScheduleSpec schedule, String topologyLabel, boolean computeOptimum) {

    /** Engines a scenario can ask for. */
    public static final java.util.List<String> ENGINES = java.util.List.of("actors", "sequential");

    public Scenario {
        sweepValues = Map.copyOf(sweepValues);
    }

    /** Whether the model is convex, so that F* and the optimality gap are defined. */
    public boolean convex() {
        return !model.type().equals("mlp");
    }
}
