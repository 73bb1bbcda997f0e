package io.dlsim.topologies;

import io.dlsim.topologies.mixing.MixingRule;
import io.dlsim.topologies.schedule.MixingSchedule;
import io.dlsim.topologies.schedule.OnePeerExponentialSchedule;
import io.dlsim.topologies.schedule.PhasedSchedule;
import io.dlsim.topologies.schedule.RandomEdgeSchedule;
import io.dlsim.topologies.schedule.RandomMatchingSchedule;
import io.dlsim.topologies.schedule.StaticSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link MixingSchedule} from a {@link ScheduleSpec}. Types: {@code static} (the
 * topology's W every round), {@code one-peer-exponential}, {@code random-matching},
 * {@code random-edges} (parameter {@code p}; base graph and rule from the topology) and
 * {@code phases}. Random schedules draw from the topology's seed.
 */
public final class ScheduleFactory {
    public static final List<String> TYPES = List.of("static", "one-peer-exponential", "random-matching", "random-edges", "phases");

    private ScheduleFactory() {
    }

    public static MixingSchedule build(ScheduleSpec spec) {
        String type = spec.type() == null ? "static" : spec.type().toLowerCase(Locale.ROOT);
        Params params = new Params("schedule", spec.params());
        TopologySpec topo = spec.topology();
        MixingSchedule schedule = switch (type) {
            case "static" -> {
                Topology t = TopologyFactory.build(topo);
                yield new StaticSchedule(t.matrix(), t.type() + "/" + t.mixing() + (t.lazyAlpha() != 1 ? "/lazy " + t.lazyAlpha() : ""));
            }
            case "one-peer-exponential" -> new OnePeerExponentialSchedule(topo.nodes());
            case "random-matching" -> new RandomMatchingSchedule(topo.nodes(), topo.seed());
            case "random-edges" -> {
                double p = params.requiredReal("p");
                Topology base = TopologyFactory.build(topo.withMixing(null).withLazy(null).withTargetGap(null));
                String rule = topo.mixing() != null ? topo.mixing() : base.graph().isDirected() ? "uniform" : "metropolis-hastings";
                yield new RandomEdgeSchedule(base.graph(), p, MixingRule.byName(rule), topo.seed());
            }
            case "phases" -> {
                if (spec.phases().isEmpty()) {
                    throw new TopologyException("schedule.phases: needs at least one phase");
                }
                List<PhasedSchedule.Phase> phases = new ArrayList<>();
                for (ScheduleSpec.PhaseSpec ph : spec.phases()) {
                    phases.add(new PhasedSchedule.Phase(build(ph.schedule()), ph.rounds()));
                }
                yield new PhasedSchedule(phases);
            }
            default -> throw new TopologyException("schedule.type: unknown type '" + spec.type() + "'"
                    + Suggestions.didYouMean(spec.type(), TYPES) + "; known types: " + String.join(", ", TYPES));
        };
        params.requireAllUsed("schedule type '" + type + "'");
        return schedule;
    }
}
