package io.dlsim.topologies;

import java.util.List;
import java.util.Map;

/**
 * What a user asks for as a time-varying W(t); built by {@link ScheduleFactory}.
 *
 * @param type one of {@link ScheduleFactory#TYPES}
 * @param topology for {@code static}: the topology; for {@code random-edges}: the base graph and
 *     mixing rule; otherwise only its node count and seed are used
 * @param params type-specific parameters ({@code p} for {@code random-edges})
 * @param phases for {@code phases}: the phases in order
 */
public record ScheduleSpec(String type, TopologySpec topology, Map<String, String> params, List<PhaseSpec> phases) {
    /** One phase: a schedule and how many rounds it lasts (the last phase runs to the end). */
    public record PhaseSpec(ScheduleSpec schedule, long rounds) {
    }

    public ScheduleSpec {
        params = Map.copyOf(params);
        phases = List.copyOf(phases);
    }

    /** The static schedule of a topology. */
    public static ScheduleSpec fixed(TopologySpec topology) {
        return new ScheduleSpec("static", topology, Map.of(), List.of());
    }
}
