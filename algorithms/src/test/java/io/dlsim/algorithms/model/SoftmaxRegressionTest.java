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

    /**
     * The class scores now come from {@code Dataset.dotsOfRow} (four classes side by side):
     * loss, gradient and evaluation equal, bit for bit, the loops as they were, written here with
     * the one-row {@code Dataset.dot} (itself checked against raw loops in DatasetKernelsTest).
     */
    @Test
    void equalsTheOneScoreAtATimeLoopsBitForBit() {
        for (int d : new int[] {1, 3, 7, 64, 101}) {
            for (int k : new int[] {2, 3, 4, 5, 9, 10}) {
                for (Dataset data : Fixtures.pair(d * 100L + k, 37, d, k, 0.3)) {
                    SoftmaxRegression m = new SoftmaxRegression(d, k);
                    double[] w = Fixtures.randomVector(d + k, m.parameterCount(), 1.0);
                    int[] batch = new int[13];
                    SplittableRandom rng = new SplittableRandom(k);
                    for (int b = 0; b < batch.length; b++) {
                        batch[b] = rng.nextInt(data.size());
                    }
                    String what = data.name() + " d=" + d + " k=" + k;
                    double[] expected = new double[m.parameterCount()];
                    double[] actual = new double[m.parameterCount()];
                    double loss = m.lossAndGradient(w, data, batch, batch.length, actual);
                    double ref = referenceLossAndGradient(w, data, d, k, batch, batch.length, expected);
                    assertThat(Double.doubleToRawLongBits(loss)).as(what).isEqualTo(Double.doubleToRawLongBits(ref));
                    assertThat(bits(actual)).as(what).containsExactly(bits(expected));
                    int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
                    loss = m.lossAndGradient(w, data, actual);
                    ref = referenceLossAndGradient(w, data, d, k, all, all.length, expected);
                    assertThat(Double.doubleToRawLongBits(loss)).as(what).isEqualTo(Double.doubleToRawLongBits(ref));
                    assertThat(bits(actual)).as(what).containsExactly(bits(expected));
                    assertThat(m.evaluate(w, data)).as(what).isEqualTo(referenceEvaluate(w, data, d, k));
                }
            }
        }
    }

    private static long[] bits(double[] v) {
        return java.util.Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** The minibatch loop as it was (score by score with Dataset.dot). */
    private static double referenceLossAndGradient(double[] w, Dataset data, int d, int k, int[] batch, int size,
            double[] grad) {
        java.util.Arrays.fill(grad, 0.0);
        double scale = 1.0 / size;
        double loss = 0;
        double[] z = new double[k];
        for (int b = 0; b < size; b++) {
            int row = batch[b];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                z[c] = data.dot(row, w, c * d) + w[k * d + c];
                if (z[c] > max) {
                    max = z[c];
                }
            }
            int y = data.label(row);
            double zy = z[y];
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double e = Math.exp(z[c] - max);
                z[c] = e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                double coefficient = (z[c] / sum - (c == y ? 1.0 : 0.0)) * scale;
                data.addScaledRow(row, coefficient, grad, c * d);
                grad[k * d + c] += coefficient;
            }
            loss += max + Math.log(sum) - zy;
        }
        return loss / size;
    }

    private static Evaluation referenceEvaluate(double[] w, Dataset data, int d, int k) {
        int n = data.size();
        double loss = 0;
        int correct = 0;
        double[] z = new double[k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                z[c] = data.dot(i, w, c * d) + w[k * d + c];
                if (z[c] > max) {
                    max = z[c];
                }
            }
            int argmax = 0;
            double sum = 0;
            for (int c = 0; c < k; c++) {
                if (z[c] > z[argmax]) {
                    argmax = c;
                }
                sum += Math.exp(z[c] - max);
            }
            int y = data.label(i);
            loss += max + Math.log(sum) - z[y];
            if (argmax == y) {
                correct++;
            }
        }
        return new Evaluation(loss / n, (double) correct / n, n);
    }
}
