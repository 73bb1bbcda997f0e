package io.dlsim.simulator.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which runs are repetitions of one another: runs whose resolved scenarios are equal once their
 * top-level {@code seed} is removed (and that belong to the same scenario) differ only in their
 * seed and have the same {@link #key()}. The report averages such runs ({@link SeedAggregate}).
 *
 * <p>Built by {@link #of} from what every run folder keeps (the scenario name, the run name,
 * {@code scenario.yaml} and the seed of {@code run.json}), so a run just finished and a run read
 * back from its folder get the same group.
 *
 * @param key equal for runs that differ only in their seed
 * @param label the group's name in tables and legends: the run name without its {@code seed=}
 *     part (the sweep values of the group), or the scenario name when nothing else is swept
 * @param seed this run's seed
 */
public record SeedGroup(String key, String label, long seed) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Checks that key and label are given. */
    public SeedGroup {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
    }

    /**
     * The group of a run.
     *
     * @param scenario the scenario (experiment) name
     * @param runName the run's name ({@code topology.type=ring,seed=2} gives {@code type=ring,seed=2})
     * @param resolvedYaml the run's resolved scenario ({@code scenario.yaml}); text that is not a
     *     YAML mapping makes the run a group of its own
     * @param seed the run's seed
     */
    public static SeedGroup of(String scenario, String runName, String resolvedYaml, long seed) {
        String key;
        try {
            JsonNode tree = YAML.readTree(resolvedYaml);
            if (tree instanceof ObjectNode o) {
                o.remove("seed");
                key = scenario + "\n" + o;
            } else {
                key = scenario + "\nrun " + runName;
            }
        } catch (IOException e) {
            key = scenario + "\nrun " + runName;
        }
        return new SeedGroup(key, label(scenario, runName, seed), seed);
    }

    /**
     * The run name without the part {@code seed=<seed>} (run names join the sweep values with
     * ','), or the scenario name when that leaves nothing.
     */
    static String label(String scenario, String runName, long seed) {
        List<String> parts = new ArrayList<>(List.of(runName.split(",", -1)));
        boolean removed = parts.remove("seed=" + seed);
        if (!removed) {
            return runName;
        }
        return parts.isEmpty() ? scenario : String.join(",", parts);
    }
}
