package io.dlsim.topologies;

import io.dlsim.topologies.settings.Problems;
import io.dlsim.topologies.settings.TypeRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user asks for as a (time-varying) topology, as a scenario's {@code topology:} section
 * (or one of its phases) writes it: one record per {@code schedule:} (default {@code static}),
 * each with exactly the settings that schedule takes, turned into the {@link ScheduleSpec} that
 * {@link ScheduleFactory} builds. The graph's own
 * parameters ({@code rows}, {@code p}, {@code d}, {@code path}, ...) are every other key of the
 * section; the topology factory owns and checks them (with a "did you mean"), as it does for
 * {@code dlsim topology --param}. A section with {@code phases:} is bound as a list of phases
 * by the scenario parser ({@link Phase}).
 */
public sealed interface TopologySettings {
    /** The {@code topology.schedule} names (and {@code phases}, which is keyed by its own key). */
    TypeRegistry<TopologySettings> TYPES = TypeRegistry.of(TopologySettings.class).with("static", Static.class)
            .with("one-peer-exponential", OnePeerExponential.class).with("random-matching", RandomMatching.class)
            .with("random-edges", RandomEdges.class).complete();

    /** The schedule W(t) for {@code nodes} nodes and the topology seed; relative file paths resolve against {@code baseDir}. */
    ScheduleSpec schedule(int nodes, long seed, Path baseDir);

    /** A short label for tables and metric tags ({@code ring}, {@code torus/gap=0.1}, {@code random-edges(torus)}). */
    String label();

    /** One phase of a phased schedule: its topology and how many rounds it lasts (0: to the end). */
    record Phase(TopologySettings topology, long rounds) {
    }

    /** A schedule that makes its own graphs: only the node count and the seed are used. */
    private static ScheduleSpec ownGraph(String schedule, int nodes, long seed) {
        return new ScheduleSpec(schedule, TopologySpec.of("ring", nodes).withSeed(seed), Map.of(), List.of());
    }

    /** The graph parameters with a {@code file} topology's path resolved against the scenario file's folder. */
    private static Map<String, String> resolved(String type, Map<String, String> params, Path baseDir) {
        Map<String, String> out = new LinkedHashMap<>(params == null ? Map.of() : params);
        if (type.equals("file") && out.containsKey("path")) {
            // Like data files, a topology file is relative to the scenario file.
            out.put("path", baseDir.resolve(out.get("path")).normalize().toString());
        }
        return out;
    }

    /**
     * The same W every round.
     *
     * @param type the graph type (required; the topology factory's types)
     * @param mixing the mixing rule, or null for the type's default
     * @param lazy laziness alpha in (0, 1], or null
     * @param targetGap the spectral gap to tune the laziness to, or null
     * @param params the graph's parameters
     */
    record Static(String type, String mixing, Double lazy, Double targetGap, Map<String, String> params) implements TopologySettings {
        public Static {
            Problems p = new Problems();
            p.required("type", type);
            params = params == null ? Map.of() : Map.copyOf(params);
            p.throwIfAny();
        }

        @Override
        public ScheduleSpec schedule(int nodes, long seed, Path baseDir) {
            return ScheduleSpec.fixed(new TopologySpec(type, nodes, resolved(type, params, baseDir), mixing, lazy, targetGap, seed));
        }

        @Override
        public String label() {
            return type + (targetGap != null ? "/gap=" + targetGap : lazy != null ? "/lazy=" + lazy : "");
        }
    }

    /**
     * Every edge of the base graph up with probability {@code activation} each round.
     *
     * @param type the base graph's type (required)
     * @param mixing the rule applied to the edges that are up, or null for the default
     * @param activation edge probability p (required)
     * @param params the base graph's parameters
     */
    record RandomEdges(String type, String mixing, Double activation, Map<String, String> params) implements TopologySettings {
        public RandomEdges {
            Problems p = new Problems();
            p.required("type", type);
            p.required("activation", activation);
            params = params == null ? Map.of() : Map.copyOf(params);
            p.throwIfAny();
        }

        @Override
        public ScheduleSpec schedule(int nodes, long seed, Path baseDir) {
            TopologySpec base = new TopologySpec(type, nodes, resolved(type, params, baseDir), mixing, null, null, seed);
            return new ScheduleSpec("random-edges", base, Map.of("p", Double.toString(activation)), List.of());
        }

        @Override
        public String label() {
            return "random-edges(" + type + ")";
        }
    }

    /** Round t uses the single offset 2^(t mod tau): its own graph, no keys. */
    record OnePeerExponential() implements TopologySettings {
        @Override
        public ScheduleSpec schedule(int nodes, long seed, Path baseDir) {
            return ownGraph("one-peer-exponential", nodes, seed);
        }

        @Override
        public String label() {
            return "one-peer-exponential";
        }
    }

    /** A fresh random perfect matching each round: its own graph, no keys. */
    record RandomMatching() implements TopologySettings {
        @Override
        public ScheduleSpec schedule(int nodes, long seed, Path baseDir) {
            return ownGraph("random-matching", nodes, seed);
        }

        @Override
        public String label() {
            return "random-matching";
        }
    }

    /** The phased schedule of {@code phases} and its label ({@code complete(1000)->ring}). */
    static ScheduleSpec phased(List<Phase> phases, int nodes, long seed, Path baseDir) {
        List<ScheduleSpec.PhaseSpec> specs = phases.stream()
                .map(ph -> new ScheduleSpec.PhaseSpec(ph.topology().schedule(nodes, seed, baseDir), ph.rounds())).toList();
        return new ScheduleSpec("phases", TopologySpec.of("ring", nodes).withSeed(seed), Map.of(), specs);
    }

    /** The label of a phased schedule: each phase's label, with the rounds of all but the last. */
    static String phasedLabel(List<Phase> phases) {
        StringBuilder label = new StringBuilder();
        for (int k = 0; k < phases.size(); k++) {
            label.append(k == 0 ? "" : "->").append(phases.get(k).topology().label())
                    .append(k + 1 < phases.size() ? "(" + phases.get(k).rounds() + ")" : "");
        }
        return label.toString();
    }
}
