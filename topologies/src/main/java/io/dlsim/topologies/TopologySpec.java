package io.dlsim.topologies;

import java.util.Map;

/**
 * What a user asks for: a topology type with its parameters, the mixing rule, optional
 * laziness or target spectral gap, and the seed of the random generators. Parsed from the CLI
 * or a scenario file and turned into a {@link Topology} by {@link TopologyFactory}.
 *
 * @param type one of {@link TopologyFactory#TYPES}
 * @param nodes number of nodes (0 for {@code file}: take it from the file)
 * @param params type-specific {@code key=value} parameters
 * @param mixing rule name, or null for the type's default
 * @param lazy laziness alpha in (0, 1] for {@code alpha W + (1 - alpha) I}, or null
 * @param targetGap the spectral gap to tune the laziness to, or null
 * @param seed seed of the random graph generators
 */
public record TopologySpec(String type, int nodes, Map<String, String> params, String mixing, Double lazy,
        Double targetGap, long seed) {
    public TopologySpec {
        params = Map.copyOf(params);
    }

    /** A spec with no parameters, the default rule, no laziness and seed 0. */
    public static TopologySpec of(String type, int nodes) {
        return new TopologySpec(type, nodes, Map.of(), null, null, null, 0L);
    }

    public TopologySpec withMixing(String rule) {
        return new TopologySpec(type, nodes, params, rule, lazy, targetGap, seed);
    }

    public TopologySpec withSeed(long newSeed) {
        return new TopologySpec(type, nodes, params, mixing, lazy, targetGap, newSeed);
    }

    public TopologySpec withLazy(Double alpha) {
        return new TopologySpec(type, nodes, params, mixing, alpha, targetGap, seed);
    }

    public TopologySpec withTargetGap(Double gap) {
        return new TopologySpec(type, nodes, params, mixing, lazy, gap, seed);
    }
}
