package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.linalg.MatMul;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitModeTest {
    private static final Mlp MODEL = new Mlp(6, new int[] {5}, 3, MatMul.javaOnly());

    private static double[] init(InitMode mode, long seed, int node) {
        double[] w = new double[MODEL.parameterCount()];
        MODEL.initialize(w, mode.random(seed, node));
        return w;
    }

    @Test
    void sharedGivesEveryNodeTheSamePoint() {
        double[] w0 = init(InitMode.SHARED, 42, 0);
        assertThat(init(InitMode.SHARED, 42, 7)).isEqualTo(w0);
        assertThat(init(InitMode.SHARED, 42, 100_000)).isEqualTo(w0);
        assertThat(init(InitMode.SHARED, 43, 0)).isNotEqualTo(w0);
        // the documented derivation
        double[] expected = new double[w0.length];
        MODEL.initialize(expected, io.dlsim.algorithms.RandomStreams.of(42, io.dlsim.algorithms.RandomStreams.Purpose.INIT,
                io.dlsim.algorithms.RandomStreams.SHARED));
        assertThat(w0).isEqualTo(expected);
    }

    @Test
    void perNodeGivesEveryNodeItsOwnPointIndependentlyOfOrder() {
        double[] forward3 = null;
        for (int node = 0; node < 5; node++) {
            double[] w = init(InitMode.PER_NODE, 42, node);
            if (node == 3) {
                forward3 = w;
            }
        }
        double[] alone3 = init(InitMode.PER_NODE, 42, 3);
        assertThat(alone3).isEqualTo(forward3);
        Set<Long> firstDraws = new HashSet<>();
        for (int node = 0; node < 1000; node++) {
            firstDraws.add(InitMode.PER_NODE.random(42, node).nextLong());
        }
        assertThat(firstDraws).hasSize(1000);
        assertThat(init(InitMode.PER_NODE, 42, 0)).isNotEqualTo(init(InitMode.SHARED, 42, 0));
        assertThat(init(InitMode.PER_NODE, 43, 3)).isNotEqualTo(alone3);
    }

    @Test
    void perNodeStreamsAreNotShiftedCopiesOfEachOther() {
        long[] a = new long[64];
        SplittableRandom r0 = InitMode.PER_NODE.random(1, 0);
        for (int i = 0; i < a.length; i++) {
            a[i] = r0.nextLong();
        }
        SplittableRandom r1 = InitMode.PER_NODE.random(1, 1);
        Set<Long> seen = new HashSet<>();
        for (long v : a) {
            seen.add(v);
        }
        for (int i = 0; i < a.length; i++) {
            assertThat(seen).doesNotContain(r1.nextLong());
        }
    }

    @Test
    void parsesTheSettingAndRefusesOtherValues() {
        assertThat(InitMode.parse("shared")).isEqualTo(InitMode.SHARED);
        assertThat(InitMode.parse("Per-Node")).isEqualTo(InitMode.PER_NODE);
        assertThat(InitMode.parse("per_node")).isEqualTo(InitMode.PER_NODE);
        assertThat(InitMode.PER_NODE.settingName()).isEqualTo("per-node");
        assertThat(assertThrows(IllegalArgumentException.class, () -> InitMode.parse("each")))
                .hasMessage("init: must be shared or per-node, got 'each'");
        assertThat(assertThrows(IllegalArgumentException.class, () -> InitMode.SHARED.random(1, -1)))
                .hasMessage("node id: must be >= 0, got -1");
    }
}
