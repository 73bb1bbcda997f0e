package io.dlsim.topologies.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.ScheduleFactory;
import io.dlsim.topologies.ScheduleSpec;
import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.graph.GraphGenerators;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import io.dlsim.topologies.mixing.MixingValidator;
import io.dlsim.topologies.spectra.Spectra;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchedulesTest {
    private static ScheduleSpec schedule(String type, TopologySpec topology, Map<String, String> params) {
        return new ScheduleSpec(type, topology, params, List.of());
    }

    private static ScheduleSpec phases(ScheduleSpec first, long rounds, ScheduleSpec then) {
        return new ScheduleSpec("phases", null, Map.of(),
                List.of(new ScheduleSpec.PhaseSpec(first, rounds), new ScheduleSpec.PhaseSpec(then, 0)));
    }

    // ---- one-peer exponential --------------------------------------------------------------

    @ParameterizedTest(name = "n = 2^{0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void onePeerExponentialAveragesExactlyOverOnePeriod(int k) {
        int n = 1 << k;
        MixingSchedule s = ScheduleFactory.build(schedule("one-peer-exponential", TopologySpec.of("ring", n), Map.of()));
        assertThat(s).isInstanceOf(OnePeerExponentialSchedule.class);
        assertThat(s.n()).isEqualTo(n);
        assertThat(s.period()).hasValue(k);
        MixingMatrix product = s.at(0);
        for (int t = 1; t < k; t++) {
            product = s.at(t).times(product);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(product.get(i, j)).as("product[%d][%d]", i, j).isCloseTo(1.0 / n, within(1e-15));
            }
        }
        // ... and not before the end of the period.
        if (k > 1) {
            MixingMatrix partial = s.at(0);
            for (int t = 1; t < k - 1; t++) {
                partial = s.at(t).times(partial);
            }
            assertThat(partial.get(0, 1)).isZero();
        }
        for (int t = 0; t < 3 * k; t++) {
            MixingMatrix w = s.at(t);
            assertThat(w).isEqualTo(s.at(t + k));
            int offset = 1 << (t % k);
            // Node i keeps half and takes half from i - 2^(t mod k).
            assertThat(w.get(3 % n, Math.floorMod(3 - offset, n))).isEqualTo(0.5);
            assertThat(w.get(3 % n, 3 % n)).isEqualTo(0.5);
            assertThat(w.isDoublyStochastic(0.0)).isTrue();
        }
        assertThat(s.describe()).isEqualTo("one-peer-exponential(n=" + n + ", period " + k + ")");
    }

    @Test
    void onePeerExponentialOnANonPowerOfTwoDoesNotAverageExactly() {
        MixingSchedule s = new OnePeerExponentialSchedule(6);
        assertThat(s.period()).hasValue(3); // offsets 1, 2, 4
        ScheduleSpectra.Report r = ScheduleSpectra.of(s, 10);
        assertThat(r.product().spectra().lambda()).isGreaterThan(0.1);
    }

    // ---- every W(t) is a valid mixing matrix -----------------------------------------------

    record Case(String name, Supplier<MixingSchedule> schedule, boolean doubly, boolean symmetric, Graph support) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> schedules() {
        TopologySpec torus = new TopologySpec("torus", 16, Map.of(), null, null, null, 21L);
        TopologySpec er = new TopologySpec("erdos-renyi", 20, Map.of("p", "0.3"), null, null, null, 5L);
        Graph erGraph = TopologyFactory.build(er).graph();
        return Stream.of(
                new Case("static ring", () -> ScheduleFactory.build(ScheduleSpec.fixed(TopologySpec.of("ring", 10))),
                        true, true, GraphGenerators.ring(10)),
                new Case("static lazy torus", () -> ScheduleFactory.build(ScheduleSpec.fixed(torus.withLazy(0.6))),
                        true, true, GraphGenerators.torus(4, 4)),
                new Case("static star uniform", () -> ScheduleFactory.build(ScheduleSpec.fixed(TopologySpec.of("star", 7).withMixing("uniform"))),
                        false, false, GraphGenerators.star(7)),
                new Case("one-peer 16", () -> new OnePeerExponentialSchedule(16), true, false, null),
                new Case("one-peer 12", () -> new OnePeerExponentialSchedule(12), true, false, null),
                new Case("random-matching 10", () -> ScheduleFactory.build(schedule("random-matching", TopologySpec.of("ring", 10).withSeed(3), Map.of())),
                        true, true, GraphGenerators.complete(10)),
                new Case("random-matching 11", () -> new RandomMatchingSchedule(11, 4), true, true, GraphGenerators.complete(11)),
                new Case("random-edges torus MH", () -> ScheduleFactory.build(schedule("random-edges", torus, Map.of("p", "0.5"))),
                        true, true, GraphGenerators.torus(4, 4)),
                new Case("random-edges torus max-degree", () -> ScheduleFactory.build(schedule("random-edges", torus.withMixing("max-degree"), Map.of("p", "0.3"))),
                        true, true, GraphGenerators.torus(4, 4)),
                new Case("random-edges erdos-renyi uniform", () -> ScheduleFactory.build(schedule("random-edges", er.withMixing("uniform"), Map.of("p", "0.7"))),
                        false, false, erGraph),
                new Case("random-edges exponential-directed", () -> ScheduleFactory.build(schedule("random-edges", TopologySpec.of("exponential-directed", 12), Map.of("p", "0.6"))),
                        false, false, GraphGenerators.exponentialDirected(12)),
                new Case("phases complete then ring", () -> ScheduleFactory.build(phases(
                        ScheduleSpec.fixed(TopologySpec.of("complete", 10).withMixing("uniform")), 7, ScheduleSpec.fixed(TopologySpec.of("ring", 10)))),
                        true, true, GraphGenerators.complete(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void everyRoundIsAValidMixingMatrix(Case c) {
        MixingSchedule s = c.schedule().get();
        for (long t = 0; t < 40; t++) {
            MixingMatrix w = s.at(t);
            assertThat(w.n()).isEqualTo(s.n());
            double[][] d = w.toDense();
            double[] col = new double[s.n()];
            for (int i = 0; i < s.n(); i++) {
                double row = 0;
                for (int j = 0; j < s.n(); j++) {
                    assertThat(d[i][j]).isGreaterThanOrEqualTo(0.0);
                    if (c.support() != null && i != j && d[i][j] > 0) {
                        assertThat(c.support().hasEdge(j, i)).as("W(%d)[%d][%d] on an edge", t, i, j).isTrue();
                    }
                    row += d[i][j];
                    col[j] += d[i][j];
                }
                assertThat(row).as("W(%d) row %d", t, i).isCloseTo(1.0, within(1e-12));
            }
            if (c.doubly()) {
                for (int j = 0; j < s.n(); j++) {
                    assertThat(col[j]).as("W(%d) column %d", t, j).isCloseTo(1.0, within(1e-12));
                }
            }
            if (c.symmetric()) {
                assertThat(w.isSymmetric(0.0)).as("W(%d) symmetric", t).isTrue();
            }
            MixingValidator.validate(w, c.support(), c.doubly(), c.name());
        }
    }

    @Test
    void uniformRandomEdgesAreNotDoublyStochasticInGeneral() {
        // Guards the 'false' expectations above: an irregular random subgraph breaks columns.
        MixingSchedule s = ScheduleFactory.build(schedule("random-edges",
                new TopologySpec("erdos-renyi", 20, Map.of("p", "0.3"), "uniform", null, null, 5L), Map.of("p", "0.7")));
        assertThat(s.at(0).isDoublyStochastic(1e-9)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 9, 10, 31})
    void randomMatchingPairsEveryNodeAtMostOnce(int n) {
        RandomMatchingSchedule s = new RandomMatchingSchedule(n, 17);
        for (long t = 0; t < 20; t++) {
            MixingMatrix w = s.at(t);
            int alone = 0;
            for (int i = 0; i < n; i++) {
                int[] cols = w.rowColumns(i);
                if (cols.length == 1) {
                    assertThat(cols[0]).isEqualTo(i);
                    assertThat(w.get(i, i)).isEqualTo(1.0);
                    alone++;
                } else {
                    assertThat(cols).hasSize(2).contains(i);
                    int j = cols[0] == i ? cols[1] : cols[0];
                    assertThat(w.rowWeights(i)).containsExactly(0.5, 0.5);
                    assertThat(w.rowColumns(j)).containsExactlyInAnyOrder(i, j);
                }
            }
            assertThat(alone).isEqualTo(n % 2);
            // Averaging over a matching is a projection: W W = W.
            assertThat(w.times(w)).isEqualTo(w);
        }
    }

    // ---- reproducibility -------------------------------------------------------------------

    static Stream<Arguments> randomSchedules() {
        Graph base = GraphGenerators.torus(4, 5);
        return Stream.of(
                Arguments.of("random-matching", (SeededSchedule) seed -> new RandomMatchingSchedule(20, seed)),
                Arguments.of("random-edges MH", (SeededSchedule) seed -> new RandomEdgeSchedule(base, 0.5, MixingRule.METROPOLIS_HASTINGS, seed)),
                Arguments.of("random-edges uniform directed", (SeededSchedule) seed -> new RandomEdgeSchedule(
                        GraphGenerators.exponentialDirected(16), 0.5, MixingRule.UNIFORM, seed)));
    }

    @FunctionalInterface
    interface SeededSchedule {
        MixingSchedule create(long seed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomSchedules")
    void randomSchedulesAreReproducibleAndIndependentOfCallOrder(String name, SeededSchedule factory) {
        MixingSchedule a = factory.create(99);
        MixingSchedule b = factory.create(99);
        List<MixingMatrix> forward = new ArrayList<>();
        for (long t = 0; t < 30; t++) {
            forward.add(a.at(t));
        }
        // Same seed, rounds asked backwards (and far beyond the cache) on a fresh instance.
        for (long t = 29; t >= 0; t--) {
            assertThat(b.at(t)).as("round %d", t).isEqualTo(forward.get((int) t));
        }
        // Round 5 before round 0, compared with a fresh instance asked in order.
        MixingSchedule c = factory.create(99);
        MixingMatrix five = c.at(5);
        MixingMatrix zero = c.at(0);
        MixingSchedule fresh = factory.create(99);
        assertThat(fresh.at(0)).isEqualTo(zero);
        assertThat(fresh.at(5)).isEqualTo(five);
        // Asking again after the cache has moved on gives the same matrix.
        assertThat(a.at(3)).isEqualTo(forward.get(3));
        assertThat(a.at(1_000_000_007L)).isEqualTo(factory.create(99).at(1_000_000_007L));

        // The matrices do change from round to round, and with the seed.
        Set<MixingMatrix> distinct = new HashSet<>(forward);
        assertThat(distinct.size()).isGreaterThan(20);
        MixingSchedule other = factory.create(100);
        int differing = 0;
        for (long t = 0; t < 30; t++) {
            if (!other.at(t).equals(forward.get((int) t))) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(20);
        assertThat(a.period()).isEmpty();
    }

    // ---- phases ----------------------------------------------------------------------------

    @Test
    void phasedScheduleSwitchesAtTheRightRound() {
        MixingMatrix complete = TopologyFactory.build(TopologySpec.of("complete", 16).withMixing("uniform")).matrix();
        MixingMatrix ring = TopologyFactory.build(TopologySpec.of("ring", 16)).matrix();
        MixingSchedule s = ScheduleFactory.build(phases(
                ScheduleSpec.fixed(TopologySpec.of("complete", 16).withMixing("uniform")), 200,
                ScheduleSpec.fixed(TopologySpec.of("ring", 16))));
        assertThat(s).isInstanceOf(PhasedSchedule.class);
        PhasedSchedule p = (PhasedSchedule) s;
        for (long t : new long[] {0, 1, 100, 198, 199}) {
            assertThat(s.at(t)).as("round %d", t).isEqualTo(complete);
            assertThat(p.phaseOf(t)).isZero();
        }
        for (long t : new long[] {200, 201, 1000, Long.MAX_VALUE}) {
            assertThat(s.at(t)).as("round %d", t).isEqualTo(ring);
            assertThat(p.phaseOf(t)).isEqualTo(1);
        }
        assertThat(s.period()).isEmpty();
        assertThat(s.describe()).isEqualTo("phases(static(complete/uniform) for 200 rounds, then static(ring/metropolis-hastings))");
    }

    @Test
    void laterPhasesCountRoundsFromTheirOwnStart() {
        OnePeerExponentialSchedule onePeer = new OnePeerExponentialSchedule(8);
        MixingMatrix ring = TopologyFactory.build(TopologySpec.of("ring", 8)).matrix();
        PhasedSchedule s = new PhasedSchedule(List.of(
                new PhasedSchedule.Phase(new StaticSchedule(ring, "ring"), 5),
                new PhasedSchedule.Phase(onePeer, 4),
                new PhasedSchedule.Phase(new StaticSchedule(ring, "ring"), 0)));
        assertThat(s.at(4)).isEqualTo(ring);
        assertThat(s.at(5)).isEqualTo(onePeer.at(0));
        assertThat(s.at(6)).isEqualTo(onePeer.at(1));
        assertThat(s.at(8)).isEqualTo(onePeer.at(3));
        assertThat(s.at(9)).isEqualTo(ring);
        assertThat(new PhasedSchedule(List.of(new PhasedSchedule.Phase(onePeer, 0))).period()).hasValue(3);
    }

    @Test
    void badPhasesAreRefused() {
        MixingSchedule eight = new OnePeerExponentialSchedule(8);
        MixingSchedule nine = new RandomMatchingSchedule(9, 1);
        assertThatThrownBy(() -> new PhasedSchedule(List.of())).isInstanceOf(TopologyException.class)
                .hasMessage("phases: needs at least one phase");
        assertThatThrownBy(() -> new PhasedSchedule(List.of(new PhasedSchedule.Phase(eight, 0), new PhasedSchedule.Phase(eight, 0))))
                .hasMessage("phases[0].rounds: must be >= 1, got 0");
        assertThatThrownBy(() -> new PhasedSchedule(List.of(new PhasedSchedule.Phase(eight, 3), new PhasedSchedule.Phase(nine, 0))))
                .hasMessage("phases[1]: has 9 nodes, phase 0 has 8");
        assertThatThrownBy(() -> ScheduleFactory.build(new ScheduleSpec("phases", null, Map.of(), List.of())))
                .hasMessage("schedule.phases: needs at least one phase");
    }

    // ---- spectra of a schedule -------------------------------------------------------------

    @Test
    void scheduleSpectraOfOnePeerHasOneEntryPerOffsetAndAnAveragingProduct() {
        OnePeerExponentialSchedule s = new OnePeerExponentialSchedule(16);
        ScheduleSpectra.Report r = ScheduleSpectra.of(s, 100);
        assertThat(r.periodic()).isTrue();
        assertThat(r.rounds()).isEqualTo(4);
        assertThat(r.matrices()).extracting(ScheduleSpectra.Entry::label).containsExactly("W(0)", "W(1)", "W(2)", "W(3)");
        for (int t = 0; t < 4; t++) {
            assertThat(r.matrices().get(t).spectra().lambda()).isCloseTo(Spectra.dense(s.at(t)).lambda(), within(1e-12));
        }
        assertThat(r.product().label()).isEqualTo("product over one period (4 rounds)");
        assertThat(r.product().spectra().lambda()).isCloseTo(0.0, within(1e-12));
        assertThat(r.schedule()).isEqualTo(s.describe());
    }

    @Test
    void scheduleSpectraOfAStaticScheduleIsTheMatrixItself() {
        MixingSchedule s = ScheduleFactory.build(ScheduleSpec.fixed(TopologySpec.of("ring", 20)));
        ScheduleSpectra.Report r = ScheduleSpectra.of(s, 100);
        assertThat(r.rounds()).isEqualTo(1);
        assertThat(r.matrices()).hasSize(1);
        double lambda2 = 1.0 / 3 + 2.0 / 3 * Math.cos(2 * Math.PI / 20);
        assertThat(r.matrices().get(0).spectra().lambda2()).isCloseTo(lambda2, within(1e-12));
        assertThat(r.product().spectra().lambda()).isCloseTo(lambda2, within(1e-12));
    }

    @Test
    void scheduleSpectraOfARandomScheduleCountsDistinctMatricesInTheWindow() {
        RandomMatchingSchedule s = new RandomMatchingSchedule(4, 8);
        ScheduleSpectra.Report r = ScheduleSpectra.of(s, 12);
        assertThat(r.periodic()).isFalse();
        assertThat(r.rounds()).isEqualTo(12);
        // Only 3 perfect matchings of 4 nodes exist, so at most 3 distinct matrices.
        Set<MixingMatrix> distinct = new HashSet<>();
        MixingMatrix product = s.at(0);
        distinct.add(product);
        for (int t = 1; t < 12; t++) {
            distinct.add(s.at(t));
            product = s.at(t).times(product);
        }
        assertThat(r.matrices()).hasSize(distinct.size()).hasSizeLessThanOrEqualTo(3);
        assertThat(r.product().label()).isEqualTo("product over the first window (12 rounds)");
        assertThat(r.product().spectra().lambda()).isCloseTo(Spectra.dense(product).lambda(), within(1e-12));
    }

    static Stream<Arguments> productsFormedAndMatrixFree() {
        return Stream.of(
                // Symmetric factors, a non-symmetric product; n > 512, so the formed product goes to Lanczos.
                Arguments.of("random-matching 600", new RandomMatchingSchedule(600, 5), 6),
                // Row-stochastic, non-symmetric factors; the formed product goes to the dense SVD.
                Arguments.of("random-edges exponential-directed uniform", ScheduleFactory.build(schedule("random-edges",
                        TopologySpec.of("exponential-directed", 100).withSeed(2), Map.of("p", "0.6"))), 5),
                // Column-stochastic factors (push-sum's).
                Arguments.of("random-edges erdos-renyi-directed column-stochastic", ScheduleFactory.build(schedule("random-edges",
                        new TopologySpec("erdos-renyi-directed", 80, Map.of("p", "0.2"), "column-stochastic", null, null, 4L),
                        Map.of("p", "0.5"))), 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("productsFormedAndMatrixFree")
    void aProductTooLargeToFormHasTheSameLambdaMatrixFree(String name, MixingSchedule s, int window) {
        ScheduleSpectra.Report formed = ScheduleSpectra.of(s, window);
        ScheduleSpectra.Report free = ScheduleSpectra.of(s, window, 0);
        assertThat(formed.product().spectra().method()).isNotEqualTo("lanczos-product");
        assertThat(free.product().spectra().method()).isEqualTo("lanczos-product");
        assertThat(free.product().spectra().converged()).isTrue();
        assertThat(free.product().spectra().lambda()).isCloseTo(formed.product().spectra().lambda(), within(1e-9));
        assertThat(free.product().label()).isEqualTo(formed.product().label());
        assertThat(free.matrices()).isEqualTo(formed.matrices());
    }

    @Test
    void aOnePeerPeriodOnAPowerOfTwoAveragesExactlyMatrixFreeToo() {
        // W(11) ... W(0) = 11^T/n exactly: lambda 0, up to the square root of rounding.
        ScheduleSpectra.Report free = ScheduleSpectra.of(new OnePeerExponentialSchedule(4096), 1, 0);
        assertThat(free.rounds()).isEqualTo(12);
        assertThat(free.product().spectra().lambda()).isLessThan(1e-6);
    }

    @Test
    void scheduleSpectraNeedsAWindowForANonPeriodicSchedule() {
        assertThatThrownBy(() -> ScheduleSpectra.of(new RandomMatchingSchedule(6, 1), 0))
                .isInstanceOf(TopologyException.class)
                .hasMessage("window: the spectra of a non-periodic schedule need at least 1 round, got 0");
        // A periodic schedule uses its period; the window does not matter.
        assertThat(ScheduleSpectra.of(new OnePeerExponentialSchedule(8), 0).rounds()).isEqualTo(3);
    }

    @Test
    void scheduleSpectraOfPhasesSeesBothMatrices() {
        MixingSchedule s = ScheduleFactory.build(phases(
                ScheduleSpec.fixed(TopologySpec.of("complete", 10).withMixing("uniform")), 3, ScheduleSpec.fixed(TopologySpec.of("ring", 10))));
        ScheduleSpectra.Report r = ScheduleSpectra.of(s, 6);
        assertThat(r.matrices()).extracting(ScheduleSpectra.Entry::label).containsExactly("W(0)", "W(3)");
        assertThat(r.matrices().get(0).spectra().lambda()).isCloseTo(0.0, within(1e-12));
        // ring^3 times the exact average is the exact average.
        assertThat(r.product().spectra().lambda()).isCloseTo(0.0, within(1e-12));
    }

    // ---- factory errors --------------------------------------------------------------------

    @Test
    void scheduleFactoryErrors() {
        TopologySpec ring = TopologySpec.of("ring", 10);
        assertThatThrownBy(() -> ScheduleFactory.build(schedule("random-matchings", ring, Map.of())))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("schedule.type: unknown type 'random-matchings' (did you mean 'random-matching'?)");
        assertThatThrownBy(() -> ScheduleFactory.build(schedule("random-edges", ring, Map.of())))
                .hasMessage("schedule.p: is required");
        assertThatThrownBy(() -> ScheduleFactory.build(schedule("random-edges", ring, Map.of("p", "0"))))
                .hasMessage("p: edge activation probability must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> ScheduleFactory.build(schedule("static", ring, Map.of("p", "0.5"))))
                .hasMessageContaining("schedule.p: unknown parameter for schedule type 'static'");
        assertThatThrownBy(() -> new RandomEdgeSchedule(GraphGenerators.ring(5), 0.5, MixingRule.EXPLICIT, 1))
                .hasMessageContaining("'explicit' cannot");
        assertThatThrownBy(() -> ScheduleFactory.build(schedule("one-peer-exponential", TopologySpec.of("ring", 1), Map.of())))
                .hasMessage("nodes: must be >= 2, got 1");
    }

    @Test
    void randomEdgesOnADirectedBaseRefusesSymmetricRulesUpFront() {
        Graph directed = GraphGenerators.exponentialDirected(8);
        assertThatThrownBy(() -> new RandomEdgeSchedule(directed, 0.5, MixingRule.METROPOLIS_HASTINGS, 1))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("metropolis-hastings needs an undirected graph");
        assertThatThrownBy(() -> ScheduleFactory.build(schedule("random-edges",
                TopologySpec.of("exponential-directed", 8).withMixing("max-degree"), Map.of("p", "0.5"))))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("max-degree needs an undirected graph");
    }
}
