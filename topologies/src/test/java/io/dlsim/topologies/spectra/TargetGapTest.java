package io.dlsim.topologies.spectra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.topologies.Topology;
import io.dlsim.topologies.TopologyException;
import io.dlsim.topologies.TopologyFactory;
import io.dlsim.topologies.TopologySpec;
import io.dlsim.topologies.graph.Graph;
import io.dlsim.topologies.mixing.MixingMatrix;
import io.dlsim.topologies.mixing.MixingRule;
import io.dlsim.topologies.mixing.MixingValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetGapTest {
    private static final double HIT = 1e-9;

    private static MixingMatrix build(String type, int n, Map<String, String> params, String mixing) {
        return TopologyFactory.build(new TopologySpec(type, n, params, mixing, null, null, 11L)).matrix();
    }

    /** K_{3,3} with MH weights: eigenvalues 1, 1/4 (x4), -1/2, so the best laziness is below 1. */
    private static MixingMatrix completeBipartite33() {
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            for (int b = 3; b < 6; b++) {
                edges.add(new int[] {a, b});
            }
        }
        return MixingRule.METROPOLIS_HASTINGS.apply(Graph.undirected(6, edges));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ring 16", build("ring", 16, Map.of(), null)),
                Arguments.of("torus 4x4", build("torus", 16, Map.of(), null)),
                Arguments.of("regular 30 d=3", build("regular", 30, Map.of("d", "3"), null)),
                Arguments.of("star 12 max-degree", build("star", 12, Map.of(), "max-degree")),
                Arguments.of("complete 8 uniform", build("complete", 8, Map.of(), "uniform")),
                Arguments.of("K_{3,3} (alpha* < 1)", completeBipartite33()),
                Arguments.of("exponential-directed 16 (non-symmetric)", build("exponential-directed", 16, Map.of(), null)),
                Arguments.of("exponential-directed 64 (non-symmetric)", build("exponential-directed", 64, Map.of(), null)));
    }

    /** The largest gap of alpha W + (1 - alpha) I over alpha in (0, 1], by a fine scan. */
    private static double scannedMaxGap(MixingMatrix w) {
        double best = 0;
        for (int k = 1; k <= 200; k++) {
            best = Math.max(best, Spectra.dense(w.lazy(k / 200.0)).spectralGap());
        }
        return best;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tuneHitsTheTargetGap(String name, MixingMatrix w) {
        double maxGap = scannedMaxGap(w);
        for (double fraction : new double[] {0.1, 0.5, 0.9, 0.99}) {
            double target = fraction * maxGap;
            TargetGap.Tuned tuned = TargetGap.tune(w, target);
            // Recomputed independently from the returned matrix, not taken from tuned.spectra().
            double gap = Spectra.dense(tuned.matrix()).spectralGap();
            assertThat(gap).as("%s, target %s", name, target).isCloseTo(target, within(HIT));
            assertThat(tuned.spectra().spectralGap()).isCloseTo(target, within(HIT));
            assertThat(tuned.alpha()).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(tuned.matrix()).isEqualTo(w.lazy(tuned.alpha()));
            // Still a valid mixing matrix on the same support, and doubly stochastic if W was.
            MixingValidator.validate(tuned.matrix(), w.supportGraph(), w.isDoublyStochastic(1e-12), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesATargetAboveTheLargestReachableGap(String name, MixingMatrix w) {
        double maxGap = scannedMaxGap(w);
        if (maxGap >= 1 - 1e-9) {
            // complete + uniform reaches gap 1, so nothing in (0, 1] is out of reach.
            assertThat(Spectra.dense(TargetGap.tune(w, 1.0).matrix()).spectralGap()).isCloseTo(1.0, within(HIT));
            return;
        }
        double target = Math.min(1, maxGap + 0.02);
        assertThatThrownBy(() -> TargetGap.tune(w, target))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("target-gap")
                .hasMessageContaining("unreachable")
                .hasMessageContaining("largest spectral gap");
    }

    @Test
    void bipartiteTargetAtTheOptimumUsesAlphaBelowOne() {
        MixingMatrix w = completeBipartite33();
        // alpha* = 2 / (2 - 1/4 + 1/2) = 8/9, max gap = alpha* (1 - 1/4) = 2/3.
        TargetGap.Tuned best = TargetGap.tune(w, 2.0 / 3);
        assertThat(best.alpha()).isCloseTo(8.0 / 9, within(1e-12));
        assertThat(Spectra.dense(best.matrix()).spectralGap()).isCloseTo(2.0 / 3, within(HIT));
        assertThatThrownBy(() -> TargetGap.tune(w, 0.67)).isInstanceOf(TopologyException.class)
                .hasMessageContaining("0.6666666667");
    }

    @ParameterizedTest(name = "target {0}")
    @ValueSource(doubles = {0.0, -0.1, 1.5, Double.NaN})
    void refusesTargetsOutsideZeroOne(double target) {
        MixingMatrix w = build("ring", 8, Map.of(), null);
        assertThatThrownBy(() -> TargetGap.tune(w, target))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("target-gap: must be in (0, 1]");
    }

    @Test
    void topologySpecTargetGapTunesThroughTheFactory() {
        for (String type : List.of("ring", "exponential-directed", "torus")) {
            TopologySpec spec = TopologySpec.of(type, 16).withTargetGap(0.02);
            Topology t = TopologyFactory.build(spec);
            assertThat(Spectra.dense(t.matrix()).spectralGap()).as(type).isCloseTo(0.02, within(HIT));
            assertThat(t.lazyAlpha()).isLessThan(1);
            assertThat(t.matrix()).isEqualTo(TopologyFactory.build(TopologySpec.of(type, 16)).matrix().lazy(t.lazyAlpha()));
        }
        // Ring 16 with MH: the gap is alpha (1 - lambda2), so alpha = 0.02 / (1 - lambda2).
        double lambda2 = 1.0 / 3 + 2.0 / 3 * Math.cos(2 * Math.PI / 16);
        assertThat(TopologyFactory.build(TopologySpec.of("ring", 16).withTargetGap(0.02)).lazyAlpha())
                .isCloseTo(0.02 / (1 - lambda2), within(1e-12));
    }

    @Test
    void topologySpecRefusesUnreachableAndOutOfRangeTargets() {
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 16).withTargetGap(0.5)))
                .isInstanceOf(TopologyException.class)
                .hasMessageContaining("target-gap: 0.5 is unreachable");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 16).withTargetGap(0.0)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 16).withTargetGap(-1.0)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("must be in (0, 1], got -1.0");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 16).withTargetGap(1.01)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("must be in (0, 1], got 1.01");
        assertThatThrownBy(() -> TopologyFactory.build(TopologySpec.of("ring", 16).withTargetGap(0.01).withLazy(0.5)))
                .isInstanceOf(TopologyException.class).hasMessageContaining("give one or the other");
    }
}
