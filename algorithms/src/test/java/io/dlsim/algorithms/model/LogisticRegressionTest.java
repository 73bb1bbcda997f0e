package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
    // Two examples x = (1, 2) label 1 and x = (-1, 0.5) label 0.
    private static final Dataset TINY = Dataset.dense("tiny", new double[] {1, 2, -1, 0.5}, 2, new double[] {1, 0}, 2);

    @Test
    void lossOnAHandComputedExample() {
        LogisticRegression m = new LogisticRegression(2);
        double[] w = {0.5, -0.25, 0.1};
        // z1 = 0.5 - 0.5 + 0.1 = 0.1, y = 1: log(1 + e^-0.1); z2 = -0.5 - 0.125 + 0.1 = -0.525, y = 0: log(1 + e^-0.525)
        double expected = (Math.log(1 + Math.exp(-0.1)) + Math.log(1 + Math.exp(-0.525))) / 2;
        assertThat(m.loss(w, TINY)).isCloseTo(expected, within(1e-15));
        double[] g = new double[3];
        double loss = m.lossAndGradient(w, TINY, g);
        assertThat(loss).isCloseTo(expected, within(1e-15));
        double s1 = 1 / (1 + Math.exp(-0.1)) - 1;
        double s2 = 1 / (1 + Math.exp(0.525));
        assertThat(g[0]).isCloseTo((s1 * 1 + s2 * -1) / 2, within(1e-15));
        assertThat(g[1]).isCloseTo((s1 * 2 + s2 * 0.5) / 2, within(1e-15));
        assertThat(g[2]).isCloseTo((s1 + s2) / 2, within(1e-15));
    }

    @Test
    void zeroWeightsGiveLogTwo() {
        LogisticRegression m = new LogisticRegression(2);
        double[] w = new double[3];
        m.initialize(w, new SplittableRandom(1));
        assertThat(w).containsOnly(0.0);
        assertThat(m.loss(w, TINY)).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void hugeScoresNeitherOverflowNorLosePrecision() {
        LogisticRegression m = new LogisticRegression(2);
        Dataset one = Dataset.dense("one", new double[] {1, 0}, 2, new double[] {0}, 2);
        Dataset oneLabelled1 = Dataset.dense("one", new double[] {1, 0}, 2, new double[] {1}, 2);
        double[] w = {1000, 0, 0};
        assertThat(m.loss(w, one)).isEqualTo(1000.0);
        assertThat(m.loss(w, oneLabelled1)).isEqualTo(0.0);
        double[] g = new double[3];
        m.lossAndGradient(w, one, g);
        assertThat(g).containsExactly(1.0, 0.0, 1.0);
        double[] neg = {-1000, 0, 0};
        assertThat(m.loss(neg, oneLabelled1)).isEqualTo(1000.0);
        m.lossAndGradient(neg, oneLabelled1, g);
        assertThat(g).containsExactly(-1.0, 0.0, -1.0);
        // log(1 + e^-700) = e^-700 ~ 9.86e-305: kept, where log(1 + exp(z)) would round to 0.
        assertThat(LogisticRegression.softplus(-700)).isCloseTo(Math.exp(-700), within(1e-318));
        assertThat(LogisticRegression.sigmoid(-700)).isCloseTo(Math.exp(-700), within(1e-318));
        assertThat(LogisticRegression.sigmoid(800)).isEqualTo(1.0);
    }

    @Test
    void evaluateCountsCorrectPredictions() {
        LogisticRegression m = new LogisticRegression(1);
        // z = x: predicts 1 for x > 0 (x = 0 predicts 0).
        Dataset d = Dataset.dense("acc", new double[] {2, -1, 0.5, 0, -3}, 1, new double[] {1, 0, 0, 1, 0}, 2);
        Evaluation e = m.evaluate(new double[] {1, 0}, d);
        assertThat(e.accuracy()).isEqualTo(3.0 / 5);
        assertThat(e.examples()).isEqualTo(5);
        assertThat(e.loss()).isCloseTo(m.loss(new double[] {1, 0}, d), within(0.0));
    }

    @Test
    void denseAndSparseDataGiveTheSameValues() {
        Dataset[] pair = Fixtures.pair(5, 40, 9, 2, 0.6);
        LogisticRegression m = new LogisticRegression(9);
        double[] w = Fixtures.randomVector(6, 10, 1);
        double[] gd = new double[10];
        double[] gs = new double[10];
        assertThat(m.lossAndGradient(w, pair[1], gs)).isCloseTo(m.lossAndGradient(w, pair[0], gd), within(1e-14));
        assertThat(gs).containsExactly(gd, within(1e-14));
    }

    @Test
    void shapeAndBias() {
        LogisticRegression m = new LogisticRegression(4);
        assertThat(m.parameterCount()).isEqualTo(5);
        assertThat(m.biasIndices()).containsExactly(4);
        assertThat(m.numClasses()).isEqualTo(2);
        assertThat(m.type()).isEqualTo("logistic");
        assertThat(m.copy()).isNotSameAs(m);
    }

    @Test
    void refusesBadInput() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new LogisticRegression(0)))
                .hasMessage("input-dimension: must be >= 1, got 0");
        LogisticRegression m = new LogisticRegression(2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.loss(new double[2], TINY)))
                .hasMessage("w has length 2, the model has 3 parameters");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> m.lossAndGradient(new double[3], TINY, new double[4])))
                .hasMessage("gradOut has length 4, the model has 3 parameters");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> m.lossAndGradient(new double[3], TINY, new int[] {0, 1}, 3, new double[3])))
                .hasMessage("batch size must be in 1..2 (the index array's length), got 3");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> m.lossAndGradient(new double[3], TINY, new int[] {0}, 0, new double[3])))
                .hasMessage("batch size must be in 1..1 (the index array's length), got 0");
        Dataset three = Dataset.dense("three", new double[] {1, 2}, 2, new double[] {2}, 3);
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.loss(new double[3], three)))
                .hasMessage("data set 'three' has 3 classes, the logistic model expects 2 classes");
        Dataset wide = Dataset.dense("wide", new double[] {1, 2, 3}, 3, new double[] {1}, 2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.loss(new double[3], wide)))
                .hasMessage("data set 'wide' has dimension 3, the logistic model expects 2");
        Dataset empty = Dataset.dense("empty", new double[0], 2, new double[0], 2);
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.evaluate(new double[3], empty)))
                .hasMessage("data set 'empty' is empty");
    }
}
