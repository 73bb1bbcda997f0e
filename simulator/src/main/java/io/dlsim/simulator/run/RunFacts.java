package io.dlsim.simulator.run;

import io.dlsim.topologies.TopologyFacts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a run reports about itself besides its metrics (the {@code "extras"} of its
 * {@code summary.json}, less the engine, which the runner adds): the facts of W(0), the
 * schedule, the data and model sizes and, when it was computed, F*. Typed so that the live
 * gauges and the report read it without casts; {@link #asMap()} is its JSON form.
 *
 * @param topology the facts of W(0) and its support graph
 * @param schedule the schedule's description, e.g. {@code static ring}
 * @param trainExamples examples in the union of all shards
 * @param testExamples examples in the test set (0 without one)
 * @param parameters model parameters
 * @param optimum F* from the centralized solver; NaN when not computed
 * @param optimumIterations the solver's iterations; 0 when F* was not computed
 */
public record RunFacts(TopologyFacts topology, String schedule, int trainExamples, int testExamples, int parameters,
        double optimum, int optimumIterations) {

    /** Requires the topology and the schedule. */
    public RunFacts {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** Whether F* was computed. */
    public boolean hasOptimum() {
        return !Double.isNaN(optimum);
    }

    /**
     * The facts keyed as in {@code summary.json}: every {@link TopologyFacts#FACTS} name, then
     * {@code schedule}, {@code trainExamples}, {@code testExamples}, {@code parameters} and,
     * only when F* was computed, {@code optimum} and {@code optimumIterations}.
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>(topology.asMap());
        m.put("schedule", schedule);
        m.put("trainExamples", trainExamples);
        m.put("testExamples", testExamples);
        m.put("parameters", parameters);
        if (hasOptimum()) {
            m.put("optimum", optimum);
            m.put("optimumIterations", optimumIterations);
        }
        return m;
    }
}
