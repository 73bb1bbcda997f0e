package io.dlsim.topologies.schedule;

import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.spectra.SpectralSummary;
import io.dlsim.topologies.spectra.Spectra;
import java.util.ArrayList;
import java.util.List;

/**
 * The spectral report of a schedule: the spectra of each distinct W(t) and of the product of
 * the matrices over one period, {@code W(p-1) ... W(1) W(0)}, whose {@code lambda} is the
 * contraction of the consensus error per period. A periodic schedule is read over its period;
 * a random or phased one over the first {@code window} rounds (labelled as a window). A phased
 * schedule also gets one sub-report per phase, so a dense first phase does not hide the rest.
 *
 * <p>The product is formed while it stays small (at most {@value #PRODUCT_MAX_NONZEROS}
 * entries, ~200 MB, bounded before each multiplication); past that its {@code lambda} comes
 * from {@link Spectra#ofProduct}, which applies the factors in turn and never forms it. One-peer
 * exponential rounds on 16,384 nodes filled 6.5 GB and on 100,000 nodes ran out of memory
 * before.
 */
public final class ScheduleSpectra {
    /** One line of the report. */
    public record Entry(String label, SpectralSummary spectra) {
    }

    /** The report: distinct matrices first, the product last. */
    public record Report(String schedule, long rounds, boolean periodic, List<Entry> matrices, Entry product,
            List<Report> phases) {
    }

    /** Largest product that {@link #of} forms; past it, the product's spectra are matrix-free. */
    public static final long PRODUCT_MAX_NONZEROS = 1L << 24;

    private ScheduleSpectra() {
    }

    /** The report over one period, or over the first {@code window} rounds of a schedule without one. */
    public static Report of(MixingSchedule schedule, int window) {
        return of(schedule, window, PRODUCT_MAX_NONZEROS);
    }

    /** {@link #of(MixingSchedule, int)}, forming the product only up to {@code maxProductNonZeros} entries. */
    static Report of(MixingSchedule schedule, int window, long maxProductNonZeros) {
        boolean periodic = schedule.period().isPresent();
        long rounds = periodic ? schedule.period().getAsInt() : window;
        if (rounds < 1) {
            throw new TopologyException("window: the spectra of a non-periodic schedule need at least 1 round, got " + window);
        }
        List<MixingMatrix> distinct = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<MixingMatrix> factors = new ArrayList<>();
        MixingMatrix product = null;
        boolean formed = true;
        for (long t = 0; t < rounds; t++) {
            MixingMatrix w = schedule.at(t);
            factors.add(w);
            if (formed && product != null && w.productNonZerosBound(product) > maxProductNonZeros) {
                formed = false;
                product = null;
            }
            if (formed) {
                product = product == null ? w : w.times(product);
            }
            if (!distinct.contains(w)) {
                distinct.add(w);
                entries.add(new Entry("W(" + t + ")", Spectra.of(w)));
            }
        }
        String label = (periodic ? "product over one period (" : "product over the first window (") + rounds + " rounds)";
        List<Report> phases = new ArrayList<>();
        if (schedule instanceof PhasedSchedule phased) {
            for (PhasedSchedule.Phase ph : phased.phases()) {
                phases.add(of(ph.schedule(), window, maxProductNonZeros));
            }
        }
        Entry productEntry = new Entry(label, formed ? Spectra.of(product) : Spectra.ofProduct(factors));
        return new Report(schedule.describe(), rounds, periodic, entries, productEntry, List.copyOf(phases));
    }
}
