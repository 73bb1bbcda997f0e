package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxRegressionTest {
    @Test
    void lossOnAHandComputedExample() {
        // d = 1, k = 3; x = 2, label 1. Class weights (1, 0, -1), biases (0, 0.5, 0):
        // z = (2, 0.5, -2): loss = log(e^2 + e^0.5 + e^-2) - 0.5.
        SoftmaxRegression m = new SoftmaxRegression(1, 3);
        Dataset d = Dataset.dense("one", new double[] {2}, 1, new double[] {1}, 3);
        double[] w = {1, 0, -1, 0, 0.5, 0};
        double lse = Math.log(Math.exp(2) + Math.exp(0.5) + Math.exp(-2));
        assertThat(m.loss(w, d)).isCloseTo(lse - 0.5, within(1e-15));
        double[] g = new double[6];
        m.lossAndGradient(w, d, g);
        double[] p = {Math.exp(2 - lse), Math.exp(0.5 - lse), Math.exp(-2 - lse)};
        assertThat(g).containsExactly(new double[] {2 * p[0], 2 * (p[1] - 1), 2 * p[2], p[0], p[1] - 1, p[2]},
                within(1e-15));
    }

    @Test
    void zeroWeightsGiveLogK() {
        SoftmaxRegression m = new SoftmaxRegression(3, 4);
        Dataset[] pair = Fixtures.pair(3, 10, 3, 4, 0.2);
        double[] w = new double[m.parameterCount()];
        m.initialize(w, new SplittableRandom(0));
        assertThat(m.loss(w, pair[0])).isCloseTo(Math.log(4), within(1e-15));
    }

    @Test
    void hugeScoresDoNotOverflow() {
        SoftmaxRegression m = new SoftmaxRegression(1, 2);
        Dataset d = Dataset.dense("one", new double[] {1}, 1, new double[] {0}, 2);
        double[] w = {0, 1000, 0, 0}; // z = (0, 1000), label 0: loss 1000
        assertThat(m.loss(w, d)).isEqualTo(1000.0);
        double[] g = new double[4];
        assertThat(m.lossAndGradient(w, d, g)).isEqualTo(1000.0);
        assertThat(g).containsExactly(-1.0, 1.0, -1.0, 1.0);
    }

    @Test
    void evaluateCountsCorrectPredictionsWithTiesToTheLowestClass() {
        SoftmaxRegression m = new SoftmaxRegression(1, 3);
        // w_c = (0, 1, -1): x > 0 -> class 1, x < 0 -> class 2, x = 0 -> tie -> class 0.
        double[] w = {0, 1, -1, 0, 0, 0};
        Dataset d = Dataset.dense("acc", new double[] {1, -1, 0, 2}, 1, new double[] {1, 2, 0, 0}, 3);
        assertThat(m.evaluate(w, d).accuracy()).isEqualTo(0.75);
    }

    @Test
    void denseAndSparseDataGiveTheSameValues() {
        Dataset[] pair = Fixtures.pair(5, 40, 9, 4, 0.6);
        SoftmaxRegression m = new SoftmaxRegression(9, 4);
        double[] w = Fixtures.randomVector(6, m.parameterCount(), 1);
        double[] gd = new double[w.length];
        double[] gs = new double[w.length];
        assertThat(m.lossAndGradient(w, pair[1], gs)).isCloseTo(m.lossAndGradient(w, pair[0], gd), within(1e-14));
        assertThat(gs).containsExactly(gd, within(1e-14));
    }

    @Test
    void shapeAndBiases() {
        SoftmaxRegression m = new SoftmaxRegression(4, 3);
        assertThat(m.parameterCount()).isEqualTo(15);
        assertThat(m.biasIndices()).containsExactly(12, 13, 14);
        assertThat(m.numClasses()).isEqualTo(3);
    }

    @Test
    void refusesBadInput() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(0, 3)))
                .hasMessage("input-dimension: must be >= 1, got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression(3, 1)))
                .hasMessage("classes: must be >= 2, got 1");
        SoftmaxRegression m = new SoftmaxRegression(1, 3);
        Dataset two = Dataset.dense("two", new double[] {1}, 1, new double[] {1}, 2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.loss(new double[6], two)))
                .hasMessage("data set 'two' has 2 classes, the softmax model expects 3 classes");
        Dataset regression = Dataset.dense("reg", new double[] {1}, 1, new double[] {0.5}, 0);
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.loss(new double[6], regression)))
                .hasMessage("data set 'reg' has real targets (regression), the softmax model expects 3 classes");
    }
}
