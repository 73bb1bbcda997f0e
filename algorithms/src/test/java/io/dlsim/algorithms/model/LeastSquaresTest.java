package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastSquaresTest {
    @Test
    void lossAndGradientOnAHandComputedExample() {
        // x = (1, 2), y = 2 and x = (0, -1), y = 0; w = (1, 1), b = 0.5: residuals 1.5 and -0.5.
        Dataset d = Dataset.dense("tiny", new double[] {1, 2, 0, -1}, 2, new double[] {2, 0}, 0);
        LeastSquares m = new LeastSquares(2);
        double[] w = {1, 1, 0.5};
        assertThat(m.loss(w, d)).isEqualTo((0.5 * 2.25 + 0.5 * 0.25) / 2);
        double[] g = new double[3];
        assertThat(m.lossAndGradient(w, d, g)).isEqualTo(0.625);
        assertThat(g).containsExactly((1.5 * 1 + -0.5 * 0) / 2, (1.5 * 2 + -0.5 * -1) / 2, (1.5 - 0.5) / 2);
        Evaluation e = m.evaluate(w, d);
        assertThat(e.loss()).isEqualTo(0.625);
        assertThat(e.accuracy()).isNaN();
        assertThat(e.examples()).isEqualTo(2);
    }

    @Test
    void exactFitHasZeroLossAndGradient() {
        // y = 3 x0 - x1 + 2
        double[] x = {1, 0, 0, 1, 2, 3, -1, 4};
        double[] y = {5, 1, 5, -5};
        Dataset d = Dataset.dense("line", x, 2, y, 0);
        LeastSquares m = new LeastSquares(2);
        double[] g = new double[3];
        assertThat(m.lossAndGradient(new double[] {3, -1, 2}, d, g)).isEqualTo(0.0);
        assertThat(g).containsOnly(0.0);
    }

    @Test
    void usesTheClassIndexAsTargetOnClassificationData() {
        Dataset d = Dataset.dense("cls", new double[] {1}, 1, new double[] {2}, 3);
        assertThat(new LeastSquares(1).loss(new double[] {0, 0}, d)).isEqualTo(2.0);
    }

    @Test
    void zeroInitAndShape() {
        LeastSquares m = new LeastSquares(3);
        double[] w = {1, 2, 3, 4};
        m.initialize(w, new SplittableRandom(3));
        assertThat(w).containsOnly(0.0);
        assertThat(m.numClasses()).isZero();
        assertThat(m.biasIndices()).containsExactly(3);
    }

    @Test
    void refusesBadInput() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new LeastSquares(-2)))
                .hasMessage("input-dimension: must be >= 1, got -2");
    }
}
