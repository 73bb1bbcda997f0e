package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dlsim.algorithms.data.Dataset;
import io.dlsim.algorithms.linalg.MatMul;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of every model's gradient: central differences with h = 1e-5, the
 * relative error {@code ||g - g_fd|| / (||g|| + ||g_fd||)} must be below 1e-6, on dense and
 * sparse data, for the whole data set and for a minibatch with a repeated row.
 */
class GradientCheckTest {
    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-6;
    private static final int N = 23;
    private static final int D = 7;

    private record Case(String name, Supplier<Model> model, Dataset data) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Dataset[] binary = Fixtures.pair(1, N, D, 2, 0.4);
        Dataset[] three = Fixtures.pair(2, N, D, 3, 0.4);
        Dataset[] regression = Fixtures.pair(3, N, D, 0, 0.4);
        Stream.Builder<Arguments> s = Stream.builder();
        for (int v = 0; v < 2; v++) {
            String kind = v == 0 ? "dense" : "sparse";
            s.add(Arguments.of(new Case("logistic/" + kind, () -> new LogisticRegression(D), binary[v])));
            s.add(Arguments.of(new Case("softmax/" + kind, () -> new SoftmaxRegression(D, 3), three[v])));
            s.add(Arguments.of(new Case("least-squares/" + kind, () -> new LeastSquares(D), regression[v])));
            s.add(Arguments.of(new Case("mlp-5-4/" + kind,
                    () -> new Mlp(D, new int[] {5, 4}, 3, MatMul.javaOnly()), three[v])));
            s.add(Arguments.of(new Case("mlp-5-4-nd4j/" + kind,
                    () -> new Mlp(D, new int[] {5, 4}, 3, MatMul.nd4jOnly()), three[v])));
        }
        s.add(Arguments.of(new Case("mlp-6/binary", () -> new Mlp(D, new int[] {6}, 2, MatMul.javaOnly()), binary[0])));
        s.add(Arguments.of(new Case("softmax/binary", () -> new SoftmaxRegression(D, 2), binary[1])));
        return s.build();
    }

    private static double[] startingPoint(Model model, long seed) {
        double[] w = Fixtures.randomVector(seed, model.parameterCount(), 0.8);
        if (model instanceof Mlp) {
            // He-style scale keeps the ReLUs away from their kink at the FD step.
            model.initialize(w, new SplittableRandom(seed));
            for (int i : model.biasIndices()) {
                w[i] = 0.1 * (i % 5 - 2);
            }
        }
        return w;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fullGradientMatchesCentralDifferences(Case c) {
        Model model = c.model().get();
        double[] w = startingPoint(model, 11);
        double[] grad = new double[model.parameterCount()];
        Arrays.fill(grad, Double.NaN); // must be overwritten
        double loss = model.lossAndGradient(w, c.data(), grad);

        Model probe = model.copy();
        double[] scratch = new double[model.parameterCount()];
        double[] numeric = Fixtures.numericGradient(x -> probe.lossAndGradient(x, c.data(), scratch), w, H);

        assertThat(Fixtures.relativeError(grad, numeric)).as(c.name()).isLessThan(TOLERANCE);
        // Negative control: the check notices a gradient that is off by 0.01 %.
        double[] off = grad.clone();
        for (int i = 0; i < off.length; i++) {
            off[i] *= 1.0001;
        }
        assertThat(Fixtures.relativeError(off, numeric)).isGreaterThan(TOLERANCE);
        assertThat(loss).isCloseTo(model.loss(w, c.data()), within(1e-12));
        assertThat(model.evaluate(w, c.data()).loss()).isCloseTo(loss, within(1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void minibatchGradientMatchesCentralDifferencesAndTheMeanOfSingleExamples(Case c) {
        Model model = c.model().get();
        double[] w = startingPoint(model, 12);
        // Only the first 5 entries form the batch: row 4 twice; the sentinel is never read.
        int[] batch = {4, 17, 0, 4, 22, Integer.MAX_VALUE};
        int size = 5;
        double[] grad = new double[model.parameterCount()];
        Arrays.fill(grad, Double.NaN);
        double loss = model.lossAndGradient(w, c.data(), batch, size, grad);

        double[] numeric = Fixtures.numericGradient(
                x -> model.lossAndGradient(x, c.data(), batch, size, new double[x.length]), w, H);
        assertThat(Fixtures.relativeError(grad, numeric)).as(c.name()).isLessThan(TOLERANCE);

        double[] mean = new double[model.parameterCount()];
        double[] one = new double[model.parameterCount()];
        double meanLoss = 0;
        for (int b = 0; b < size; b++) {
            meanLoss += model.lossAndGradient(w, c.data(), new int[] {batch[b]}, 1, one) / size;
            for (int i = 0; i < one.length; i++) {
                mean[i] += one[i] / size;
            }
        }
        assertThat(loss).isCloseTo(meanLoss, within(1e-12));
        assertThat(Fixtures.relativeError(grad, mean)).isLessThan(1e-12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resultsAreBitDeterministicAcrossCallsAndCopies(Case c) {
        Model model = c.model().get();
        double[] w = startingPoint(model, 13);
        int[] batch = {3, 1, 4, 1, 5, 9, 2, 6};
        double[] g1 = new double[model.parameterCount()];
        double[] g2 = new double[model.parameterCount()];
        double l1 = model.lossAndGradient(w, c.data(), batch, batch.length, g1);
        model.lossAndGradient(w, c.data(), g2); // a different call in between must not matter
        Model copy = model.copy();
        double l2 = copy.lossAndGradient(w, c.data(), batch, batch.length, g2);
        assertThat(Double.doubleToRawLongBits(l2)).isEqualTo(Double.doubleToRawLongBits(l1));
        assertThat(g2).isEqualTo(g1);
        double l3 = model.lossAndGradient(w, c.data(), batch, batch.length, g2);
        assertThat(Double.doubleToRawLongBits(l3)).isEqualTo(Double.doubleToRawLongBits(l1));
        assertThat(g2).isEqualTo(g1);
    }
}
