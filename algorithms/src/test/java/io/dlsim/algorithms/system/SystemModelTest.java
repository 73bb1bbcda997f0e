package io.dlsim.algorithms.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SystemModelTest {
    @Test
    void theNormalDrawHasTheMomentsAndTailsOfAStandardNormal() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 1_000_000;
        double sum = 0;
        double squares = 0;
        int above196 = 0;
        int below258 = 0;
        for (int k = 0; k < n; k++) {
            double z = SystemModel.normal(rng.nextLong());
            sum += z;
            squares += z * z;
            above196 += z > 1.959964 ? 1 : 0;
            below258 += z < -2.575829 ? 1 : 0;
        }
        assertThat(sum / n).isCloseTo(0, Offset.offset(0.005));
        assertThat(squares / n).isCloseTo(1, Offset.offset(0.005));
        assertThat(above196 / (double) n).isCloseTo(0.025, Offset.offset(0.0005));
        assertThat(below258 / (double) n).isCloseTo(0.005, Offset.offset(0.0002));
        // The extremes of 53-bit uniforms stay finite.
        assertThat(SystemModel.normal(0L)).isFinite().isLessThan(-8);
        assertThat(SystemModel.normal(-1L)).isFinite().isGreaterThan(8);
        assertThat(SystemModel.normal(1L << 63)).isCloseTo(0, Offset.offset(1e-12));
    }
}
