package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.linalg.MatMul;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MlpTest {
    @Test
    void lossOnAHandComputedNetwork() {
        // d = 1, one hidden unit, 2 classes. x = 2: h = relu(1.5 * 2 - 1) = 2;
        // z = (1 * 2 + 0, -1 * 2 + 0.5) = (2, -1.5); label 0: loss = log(1 + e^-3.5).
        Mlp m = new Mlp(1, new int[] {1}, 2, MatMul.javaOnly());
        assertThat(m.parameterCount()).isEqualTo(1 + 1 + 2 + 2);
        double[] w = {1.5, -1, 1, -1, 0, 0.5};
        Dataset d = Dataset.dense("one", new double[] {2}, 1, new double[] {0}, 2);
        assertThat(m.loss(w, d)).isCloseTo(Math.log1p(Math.exp(-3.5)), within(1e-15));
        // A negative pre-activation: x = -2 gives h = 0, z = (0, 0.5).
        Dataset dead = Dataset.dense("dead", new double[] {-2}, 1, new double[] {1}, 2);
        assertThat(m.loss(w, dead)).isCloseTo(Math.log(1 + Math.exp(0.5)) - 0.5, within(1e-15));
        double[] g = new double[6];
        m.lossAndGradient(w, dead, g);
        assertThat(g[0]).isZero(); // no gradient through a dead ReLU
        assertThat(g[1]).isZero();
    }

    @Test
    void layoutAndBiases() {
        Mlp m = new Mlp(4, new int[] {3, 2}, 5, MatMul.javaOnly());
        assertThat(m.parameterCount()).isEqualTo(4 * 3 + 3 + 3 * 2 + 2 + 2 * 5 + 5);
        assertThat(m.weightOffset(1)).isZero();
        assertThat(m.biasOffset(1)).isEqualTo(12);
        assertThat(m.weightOffset(2)).isEqualTo(15);
        assertThat(m.biasOffset(2)).isEqualTo(21);
        assertThat(m.weightOffset(3)).isEqualTo(23);
        assertThat(m.biasOffset(3)).isEqualTo(33);
        assertThat(m.biasIndices()).containsExactly(12, 13, 14, 21, 22, 33, 34, 35, 36, 37);
        assertThat(m.hidden()).containsExactly(3, 2);
        assertThat(m).hasToString("mlp 4-3-2-5");
    }

    @Test
    void initializationIsHeUniformThenGlorotUniformWithZeroBiases() {
        Mlp m = new Mlp(50, new int[] {40}, 10, MatMul.javaOnly());
        double[] w = new double[m.parameterCount()];
        m.initialize(w, new SplittableRandom(4));
        double he = Math.sqrt(6.0 / 50);
        double glorot = Math.sqrt(6.0 / (40 + 10));
        double maxHidden = 0;
        for (int i = m.weightOffset(1); i < m.biasOffset(1); i++) {
            maxHidden = Math.max(maxHidden, Math.abs(w[i]));
        }
        assertThat(maxHidden).isLessThanOrEqualTo(he).isGreaterThan(0.95 * he);
        double maxOut = 0;
        for (int i = m.weightOffset(2); i < m.biasOffset(2); i++) {
            maxOut = Math.max(maxOut, Math.abs(w[i]));
        }
        assertThat(maxOut).isLessThanOrEqualTo(glorot).isGreaterThan(0.9 * glorot);
        for (int i : m.biasIndices()) {
            assertThat(w[i]).isZero();
        }
        double[] again = new double[w.length];
        m.copy().initialize(again, new SplittableRandom(4));
        assertThat(again).isEqualTo(w);
    }

    @Test
    void wholeDataPassesInBlocksAgreeWithOneBigMinibatch() {
        int n = Mlp.BLOCK_ROWS * 2 + 37;
        Dataset[] pair = Fixtures.pair(8, n, 6, 3, 0.3);
        Mlp m = new Mlp(6, new int[] {8, 5}, 3, MatMul.javaOnly());
        double[] w = new double[m.parameterCount()];
        m.initialize(w, new SplittableRandom(9));
        int[] all = IntStream.range(0, n).toArray();
        double[] gFull = new double[w.length];
        double[] gBatch = new double[w.length];
        double full = m.lossAndGradient(w, pair[0], gFull);
        double batch = m.lossAndGradient(w, pair[0], all, n, gBatch);
        assertThat(full).isCloseTo(batch, within(1e-13));
        assertThat(Fixtures.relativeError(gFull, gBatch)).isLessThan(1e-13);
        assertThat(m.loss(w, pair[1])).isCloseTo(full, within(1e-13));
    }

    @Test
    void nd4jAndJavaProductsAgreeToRoundingAndEachIsDeterministic() {
        Dataset[] pair = Fixtures.pair(10, 300, 20, 4, 0.5);
        Mlp java = new Mlp(20, new int[] {16, 12}, 4, MatMul.javaOnly());
        Mlp nd4j = new Mlp(20, new int[] {16, 12}, 4, MatMul.nd4jOnly());
        double[] w = new double[java.parameterCount()];
        java.initialize(w, new SplittableRandom(2));
        int[] batch = IntStream.range(0, 64).map(i -> (i * 37) % 300).toArray();
        double[] gj = new double[w.length];
        double[] gn = new double[w.length];
        double[] gn2 = new double[w.length];
        double lj = java.lossAndGradient(w, pair[0], batch, 64, gj);
        double ln = nd4j.lossAndGradient(w, pair[0], batch, 64, gn);
        assertThat(ln).isCloseTo(lj, within(1e-12));
        assertThat(Fixtures.relativeError(gn, gj)).isLessThan(1e-12);
        double ln2 = nd4j.copy().lossAndGradient(w, pair[0], batch, 64, gn2);
        assertThat(Double.doubleToRawLongBits(ln2)).isEqualTo(Double.doubleToRawLongBits(ln));
        assertThat(gn2).isEqualTo(gn);
        assertThat(nd4j.evaluate(w, pair[0]).accuracy()).isEqualTo(java.evaluate(w, pair[0]).accuracy());
    }

    @Test
    void evaluateCountsCorrectPredictions() {
        // Identity-like network on d = 2, one hidden layer of 2, 2 classes: predicts the larger input.
        Mlp m = new Mlp(2, new int[] {2}, 2, MatMul.javaOnly());
        double[] w = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0};
        Dataset d = Dataset.dense("acc", new double[] {3, 1, 1, 3, 2, 5, 4, 0}, 2, new double[] {0, 1, 0, 0}, 2);
        Evaluation e = m.evaluate(w, d);
        assertThat(e.accuracy()).isEqualTo(0.75);
        double expected = (Math.log(Math.exp(3) + Math.exp(1)) - 3 + Math.log(Math.exp(1) + Math.exp(3)) - 3
                + Math.log(Math.exp(2) + Math.exp(5)) - 2 + Math.log(Math.exp(4) + 1) - 4) / 4;
        assertThat(e.loss()).isCloseTo(expected, within(1e-14));
    }

    @Test
    void refusesBadShapes() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Mlp(4, new int[] {3, 0}, 2)))
                .hasMessage("hidden[1]: must be >= 1, got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Mlp(4, new int[] {-3}, 2)))
                .hasMessage("hidden[0]: must be >= 1, got -3");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Mlp(4, new int[0], 2)))
                .hasMessage("hidden: the mlp needs at least one hidden layer width");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Mlp(0, new int[] {3}, 2)))
                .hasMessage("input-dimension: must be >= 1, got 0");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Mlp(4, new int[] {3}, 1)))
                .hasMessage("classes: must be >= 2, got 1");
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> new Mlp(100_000, new int[] {100_000}, 2)))
                .hasMessageStartingWith("model: the mlp [100000, 100000, 2] has 10000300002 parameters");
    }
}
