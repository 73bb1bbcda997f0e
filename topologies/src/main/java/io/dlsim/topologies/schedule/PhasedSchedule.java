package io.dlsim.topologies.schedule;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.mixing.MixingMatrix;
import java.util.List;
import java.util.OptionalInt;

/**
 * Phases: schedule 0 for its rounds, then schedule 1, ..., the last one for all remaining
 * rounds; e.g. {@code complete} for rounds 0..199 then {@code ring}. This is the knob behind
 * "consensus control early in training" (Zhu et al., ICML 2022, and Kong et al., ICML 2021).
 * Each phase counts its rounds from its own start, so a periodic schedule in a later phase
 * begins at the start of its period.
 */
public final class PhasedSchedule implements MixingSchedule {
    /** One phase: a schedule and how many rounds it lasts (ignored for the last phase). */
    public record Phase(MixingSchedule schedule, long rounds) {
    }

    private final List<Phase> phases;
    private final long[] starts;

    public PhasedSchedule(List<Phase> phases) {
        if (phases.isEmpty()) {
            throw new TopologyException("phases: needs at least one phase");
        }
        int n = phases.get(0).schedule().n();
        starts = new long[phases.size()];
        long t = 0;
        for (int k = 0; k < phases.size(); k++) {
            Phase ph = phases.get(k);
            if (ph.schedule().n() != n) {
                throw new TopologyException("phases[" + k + "]: has " + ph.schedule().n() + " nodes, phase 0 has " + n);
            }
            if (k + 1 < phases.size() && ph.rounds() < 1) {
                throw new TopologyException("phases[" + k + "].rounds: must be >= 1, got " + ph.rounds());
            }
            starts[k] = t;
            t += ph.rounds();
        }
        this.phases = List.copyOf(phases);
    }

    public List<Phase> phases() {
        return phases;
    }

    /** Index of the phase that round t falls in. */
    public int phaseOf(long round) {
        int k = phases.size() - 1;
        while (k > 0 && round < starts[k]) {
            k--;
        }
        return k;
    }

    @Override
    public int n() {
        return phases.get(0).schedule().n();
    }

    @Override
    public MixingMatrix at(long round) {
        int k = phaseOf(round);
        return phases.get(k).schedule().at(round - starts[k]);
    }

    @Override
    public OptionalInt period() {
        return phases.size() == 1 ? phases.get(0).schedule().period() : OptionalInt.empty();
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("phases(");
        for (int k = 0; k < phases.size(); k++) {
            if (k > 0) {
                sb.append(", then ");
            }
            sb.append(phases.get(k).schedule().describe());
            if (k + 1 < phases.size()) {
                sb.append(" for ").append(phases.get(k).rounds()).append(" rounds");
            }
        }
        return sb.append(')').toString();
    }
}
