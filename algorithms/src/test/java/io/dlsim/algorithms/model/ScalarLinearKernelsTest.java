package io.dlsim.algorithms.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The linear models' chunked loops (all scores of a chunk first, then the coefficients and the
 * gradient rows), with and without the loss ({@code Model.gradient}), give, bit for bit ({@link Double#doubleToRawLongBits}), what the one-row loop
 * {@link Reference} gives: that loop is the one {@code ScalarLinearModel} had before the many-row
 * kernels, with its dot and axpy written on the raw feature arrays.
 */
class ScalarLinearKernelsTest {
    private static final int[] DIMENSIONS = {1, 3, 7, 100, 101};

    /** The old loops: per row, score, coefficient, axpy, bias, loss; on raw dense or CSR arrays. */
    private record Reference(ScalarLinearModel model, int d, double[] x, int[] start, int[] index, double[] value,
            double[] y) {
        double dot(int row, double[] w) {
            double s = 0;
            if (x != null) {
                int base = row * d;
                for (int j = 0; j < d; j++) {
                    s += x[base + j] * w[j];
                }
            } else {
                for (int k = start[row]; k < start[row + 1]; k++) {
                    s += value[k] * w[index[k]];
                }
            }
            return s;
        }

        void axpy(int row, double a, double[] g) {
            if (x != null) {
                int base = row * d;
                for (int j = 0; j < d; j++) {
                    g[j] += a * x[base + j];
                }
            } else {
                for (int k = start[row]; k < start[row + 1]; k++) {
                    g[index[k]] += a * value[k];
                }
            }
        }

        double accumulate(double[] w, int row, double scale, double[] grad) {
            double z = dot(row, w) + w[d];
            double coefficient = model.derivativeAt(z, y[row]) * scale;
            axpy(row, coefficient, grad);
            grad[d] += coefficient;
            return model.lossAt(z, y[row]);
        }

        double lossAndGradient(double[] w, int[] batch, int batchSize, double[] grad) {
            java.util.Arrays.fill(grad, 0.0);
            double scale = 1.0 / batchSize;
            double loss = 0;
            for (int b = 0; b < batchSize; b++) {
                loss += accumulate(w, batch[b], scale, grad);
            }
            return loss / batchSize;
        }

        double lossAndGradient(double[] w, double[] grad) {
            java.util.Arrays.fill(grad, 0.0);
            int n = y.length;
            double scale = 1.0 / n;
            double loss = 0;
            for (int i = 0; i < n; i++) {
                loss += accumulate(w, i, scale, grad);
            }
            return loss / n;
        }

        Evaluation evaluate(double[] w) {
            int n = y.length;
            double loss = 0;
            double correct = 0;
            for (int i = 0; i < n; i++) {
                double z = dot(i, w) + w[d];
                loss += model.lossAt(z, y[i]);
                correct += model.correctAt(z, y[i]);
            }
            return new Evaluation(loss / n, correct / n, n);
        }
    }

    /** A model, its data (dense or sparse, compact or a view) and the reference on the same rows. */
    private record Case(String name, ScalarLinearModel model, Dataset data, Reference reference) {
    }

    private static double wild(SplittableRandom rng, int spread) {
        double u = rng.nextDouble();
        return u < 0.15 ? 0.0 : u < 0.2 ? -0.0 : rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-spread, spread + 1));
    }

    /** Cases of n rows: logistic and least squares, dense and sparse, compact and as views of a larger set. */
    private static List<Case> cases(long seed, int n, int d) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Case> out = new ArrayList<>();
        for (ScalarLinearModel model : new ScalarLinearModel[] {new LogisticRegression(d), new LeastSquares(d)}) {
            int classes = model.numClasses();
            // The larger set the views are taken from; the rows of the view are `pick`.
            int big = n + 17;
            double[] bx = new double[big * d];
            for (int i = 0; i < bx.length; i++) {
                // Scores of logistic regression stay moderate (spread 3) so that both classes' losses matter.
                bx[i] = wild(rng, classes == 2 ? 3 : 20);
            }
            double[] by = new double[big];
            for (int i = 0; i < big; i++) {
                by[i] = classes == 2 ? rng.nextInt(2) : rng.nextDouble(-3, 3);
            }
            int[] pick = new int[n];
            for (int k = 0; k < n; k++) {
                pick[k] = rng.nextInt(big);
            }
            double[] x = new double[n * d];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                System.arraycopy(bx, pick[k] * d, x, k * d, d);
                y[k] = by[pick[k]];
            }
            Dataset dense = Dataset.dense("dense", x, d, y, classes);
            Dataset bigDense = Dataset.dense("big dense", bx, d, by, classes);
            Csr csr = Csr.of(x, n, d);
            Csr bigCsr = Csr.of(bx, big, d);
            Dataset sparse = Dataset.sparse("sparse", csr.start, csr.index, csr.value, d, y, classes);
            Dataset bigSparse = Dataset.sparse("big sparse", bigCsr.start, bigCsr.index, bigCsr.value, d, by, classes);
            Reference denseRef = new Reference(model, d, x, null, null, null, y);
            Reference sparseRef = new Reference(model, d, null, csr.start, csr.index, csr.value, y);
            out.add(new Case(model.type() + " dense", model, dense, denseRef));
            out.add(new Case(model.type() + " sparse", model, sparse, sparseRef));
            out.add(new Case(model.type() + " dense view", model, bigDense.view("view", pick), denseRef));
            out.add(new Case(model.type() + " sparse view", model, bigSparse.view("view", pick), sparseRef));
        }
        return out;
    }

    /** Compressed rows of a dense matrix; negative zeros are kept as stored entries. */
    private record Csr(int[] start, int[] index, double[] value) {
        static Csr of(double[] x, int n, int d) {
            int[] start = new int[n + 1];
            List<Integer> idx = new ArrayList<>();
            List<Double> val = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    if (Double.doubleToRawLongBits(x[i * d + j]) != 0L) {
                        idx.add(j);
                        val.add(x[i * d + j]);
                    }
                }
                start[i + 1] = idx.size();
            }
            return new Csr(start, idx.stream().mapToInt(Integer::intValue).toArray(),
                    val.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    private static double[] weights(SplittableRandom rng, int d) {
        double[] w = new double[d + 1];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble(-1, 1);
        }
        return w;
    }

    private static void same(double actual, double expected, String what) {
        if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(expected)) {
            throw new AssertionError(what + ": " + actual + ", the one-row loop gives " + expected);
        }
    }

    private static void same(double[] actual, double[] expected, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            same(actual[i], expected[i], what + ", entry " + i);
        }
    }

    @Test
    void minibatchLossAndGradientAreTheOneRowLoopsBitForBit() {
        for (int d : DIMENSIONS) {
            for (Case c : cases(d, 45, d)) {
                SplittableRandom rng = new SplittableRandom(d * 31L);
                // 1..33 as in the engine; 300 crosses a chunk of scores (256 rows).
                for (int batchSize = 1; batchSize <= 34; batchSize++) {
                    int b = batchSize == 34 ? 300 : batchSize;
                    int[] batch = new int[b + 2];
                    for (int k = 0; k < batch.length; k++) {
                        batch[k] = rng.nextInt(c.data().size());
                    }
                    double[] w = weights(rng, d);
                    double[] expected = new double[d + 1];
                    double expectedLoss = c.reference().lossAndGradient(w, batch, b, expected);
                    double[] actual = new double[d + 1];
                    java.util.Arrays.fill(actual, Double.NaN);
                    double loss = c.model().lossAndGradient(w, c.data(), batch, b, actual);
                    String what = c.name() + " d=" + d + " batch=" + b;
                    same(loss, expectedLoss, what + " loss");
                    same(actual, expected, what + " gradient");
                    java.util.Arrays.fill(actual, Double.NaN);
                    c.model().gradient(w, c.data(), batch, b, actual);
                    same(actual, expected, what + " gradient without the loss");
                }
            }
        }
    }

    @Test
    void fullDataLossGradientAndEvaluationAreTheOneRowLoopsBitForBit() {
        for (int d : DIMENSIONS) {
            // Row counts that are not multiples of 4 or 8, and 517 > two chunks of 256.
            for (int n : new int[] {1, 2, 5, 13, 37, 517}) {
                for (Case c : cases(n * 100L + d, n, d)) {
                    double[] w = weights(new SplittableRandom(n + 7L * d), d);
                    String what = c.name() + " d=" + d + " n=" + n;
                    double[] expected = new double[d + 1];
                    double expectedLoss = c.reference().lossAndGradient(w, expected);
                    double[] actual = new double[d + 1];
                    same(c.model().lossAndGradient(w, c.data(), actual), expectedLoss, what + " loss");
                    same(actual, expected, what + " gradient");
                    java.util.Arrays.fill(actual, Double.NaN);
                    c.model().gradient(w, c.data(), actual);
                    same(actual, expected, what + " gradient without the loss");
                    Evaluation e = c.reference().evaluate(w);
                    Evaluation a = c.model().evaluate(w, c.data());
                    same(a.loss(), e.loss(), what + " evaluated loss");
                    same(a.accuracy(), e.accuracy(), what + " accuracy");
                    assertThat(a.examples()).isEqualTo(e.examples());
                    same(c.model().loss(w, c.data()), e.loss(), what + " loss()");
                }
            }
        }
    }

    @Test
    void parallelPassesAreTheOneRowLoopsBitForBit() {
        for (int d : DIMENSIONS) {
            for (int n : new int[] {1, 37, 517, 2_003}) {
                for (Case c : cases(n * 53L + d, n, d)) {
                    double[] w = weights(new SplittableRandom(n + 11L * d), d);
                    double[] expected = new double[d + 1];
                    double expectedLoss = c.reference().lossAndGradient(w, expected);
                    double expectedMean = c.reference().evaluate(w).loss();
                    // Parts of 1, 7 and 100 rows (n / parts rows each, capped by the processors).
                    for (int rowsPerPart : new int[] {1, 7, 100}) {
                        String what = c.name() + " d=" + d + " n=" + n + " rows per part " + rowsPerPart;
                        double[] actual = new double[d + 1];
                        java.util.Arrays.fill(actual, Double.NaN);
                        same(c.model().lossAndGradientInParallel(w, c.data(), actual, rowsPerPart), expectedLoss, what + " loss");
                        same(actual, expected, what + " gradient");
                        same(c.model().lossInParallel(w, c.data(), rowsPerPart), expectedMean, what + " loss()");
                    }
                }
            }
        }
        // Float32 features and a grouped set: the parallel passes are the one-thread calls.
        SplittableRandom rng = new SplittableRandom(5);
        int n = 3_001;
        int d = 9;
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = wild(rng, 3);
        }
        for (int k = 0; k < n; k++) {
            y[k] = rng.nextInt(2);
        }
        Dataset dense = Dataset.dense("dense", x, d, y, 2);
        int[][] groups = new int[7][];
        java.util.List<java.util.List<Integer>> byGroup = new ArrayList<>();
        for (int g = 0; g < 7; g++) {
            byGroup.add(new ArrayList<>());
        }
        for (int k = 0; k < n; k++) {
            byGroup.get(rng.nextInt(7)).add(k);
        }
        for (int g = 0; g < 7; g++) {
            groups[g] = byGroup.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        LogisticRegression model = new LogisticRegression(d);
        double[] w = weights(rng, d);
        for (Dataset data : new Dataset[] {dense.withPrecision(Dataset.Precision.FLOAT32), dense.grouped(groups)}) {
            double[] expected = new double[d + 1];
            double expectedLoss = model.lossAndGradient(w, data, expected);
            double[] actual = new double[d + 1];
            same(model.lossAndGradientInParallel(w, data, actual, 50), expectedLoss, data.name() + " loss");
            same(actual, expected, data.name() + " gradient");
            same(model.lossInParallel(w, data, 50), model.loss(w, data), data.name() + " loss()");
        }
    }

    @Test
    void evaluationTermsSumInExampleOrderToTheEvaluationBitForBit() {
        for (int d : DIMENSIONS) {
            for (int n : new int[] {1, 5, 37, 517}) {
                for (Case c : cases(n * 31L + d, n, d)) {
                    double[] w = weights(new SplittableRandom(n + 3L * d), d);
                    String what = c.name() + " d=" + d + " n=" + n;
                    assertThat(c.model().evaluatesByTerms()).isTrue();
                    // At an offset, with guards around: the terms fill exactly [at, at + n).
                    double[] loss = new double[n + 3];
                    double[] correct = new double[n + 3];
                    java.util.Arrays.fill(loss, 42.0);
                    java.util.Arrays.fill(correct, 42.0);
                    c.model().evaluationTerms(w, c.data(), loss, correct, 2);
                    assertThat(new double[] {loss[0], loss[1], loss[n + 2], correct[0], correct[1], correct[n + 2]})
                            .containsOnly(42.0);
                    Evaluation summed = Evaluation.ofTerms(java.util.Arrays.copyOfRange(loss, 2, n + 2),
                            java.util.Arrays.copyOfRange(correct, 2, n + 2));
                    Evaluation e = c.reference().evaluate(w);
                    same(summed.loss(), e.loss(), what + " summed terms' loss");
                    same(summed.accuracy(), e.accuracy(), what + " summed terms' accuracy");
                    assertThat(summed.examples()).isEqualTo(n);
                }
            }
        }
    }

    /**
     * An evaluation's one read of a shard for the node's model and x̄ (issue 11) gives exactly
     * the node's {@code loss} and x̄'s {@code evaluationTerms}: dense, sparse, views, float
     * storage and a grouped set; sizes around the 8-row stripes and the 256-row chunks.
     */
    @Test
    void lossAndTermsInOneReadAreTheTwoCallsBitForBit() {
        for (int d : DIMENSIONS) {
            for (int n : new int[] {1, 7, 8, 9, 37, 256, 517}) {
                List<Case> all = new ArrayList<>(cases(n * 17L + d, n, d));
                for (Case c : cases(n * 19L + d, n, d)) {
                    if (!c.data().isSparse()) {
                        all.add(new Case(c.name() + " float32", c.model(),
                                c.data().withPrecision(Dataset.Precision.FLOAT32), null));
                    }
                }
                Case first = all.get(0);
                int[][] halves = {java.util.stream.IntStream.range(0, n / 2).toArray(),
                        java.util.stream.IntStream.range(n / 2, n).toArray()};
                all.add(new Case(first.name() + " grouped", first.model(), first.data().grouped(halves), null));
                for (Case c : all) {
                    SplittableRandom rng = new SplittableRandom(n + 5L * d);
                    double[] w = weights(rng, d);
                    double[] v = weights(rng, d);
                    String what = c.name() + " d=" + d + " n=" + n;
                    double[] loss = new double[n];
                    double[] correct = new double[n];
                    double local = c.model().copy().lossAndEvaluationTerms(w, v, c.data(), loss, correct);
                    same(local, c.model().loss(w, c.data()), what + " local loss");
                    double[] expectedLoss = new double[n];
                    double[] expectedCorrect = new double[n];
                    c.model().evaluationTerms(v, c.data(), expectedLoss, expectedCorrect, 0);
                    same(loss, expectedLoss, what + " x̄'s loss terms");
                    same(correct, expectedCorrect, what + " x̄'s correctness terms");
                    if (c.reference() != null) {
                        same(local, c.reference().evaluate(w).loss(), what + " local loss against the one-row loop");
                    }
                }
            }
        }
    }

    /**
     * What the actor engine relies on to spread the average model's evaluation over the blocks:
     * the terms of each shard (a view of the grouped training set), placed by
     * {@link Dataset#indicesOf} and summed by {@link Evaluation#ofTerms}, are the evaluation of
     * the whole set.
     */
    @Test
    void shardTermsPlacedByExampleAreTheWholeSetsEvaluation() {
        int n = 1037;
        for (int d : new int[] {3, 100}) {
            for (Case c : cases(77L + d, n, d)) {
                if (c.data().isSparse() || !c.name().endsWith("dense")) {
                    continue;
                }
                SplittableRandom rng = new SplittableRandom(d);
                int[] order = java.util.stream.IntStream.range(0, n).toArray();
                for (int i = n - 1; i > 0; i--) {
                    int j = rng.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                // Seven shards of uneven sizes, examples in random order (an IID partition).
                int[] cuts = {0, 1, 150, 151, 500, 777, 1000, n};
                int[][] shards = new int[cuts.length - 1][];
                for (int g = 0; g < shards.length; g++) {
                    shards[g] = java.util.Arrays.copyOfRange(order, cuts[g], cuts[g + 1]);
                }
                Dataset grouped = c.data().grouped(shards);
                double[] w = weights(rng, d);
                double[] loss = new double[n];
                double[] correct = new double[n];
                java.util.Arrays.fill(loss, Double.NaN);
                for (int[] shard : shards) {
                    Dataset view = grouped.view("shard", shard);
                    int[] at = grouped.indicesOf(view);
                    assertThat(at).containsExactly(shard);
                    double[] l = new double[shard.length];
                    double[] r = new double[shard.length];
                    c.model().evaluationTerms(w, view, l, r, 0);
                    for (int k = 0; k < at.length; k++) {
                        loss[at[k]] = l[k];
                        correct[at[k]] = r[k];
                    }
                }
                Evaluation whole = c.model().evaluate(w, grouped);
                Evaluation summed = Evaluation.ofTerms(loss, correct);
                same(summed.loss(), whole.loss(), c.name() + " d=" + d + " loss");
                same(summed.accuracy(), whole.accuracy(), c.name() + " d=" + d + " accuracy");
                same(whole.loss(), c.reference().evaluate(w).loss(), c.name() + " d=" + d + " grouped loss");
                // Storage that is not the shard's, or a parent that is an ungrouped view: not placeable.
                assertThat(c.data().indicesOf(grouped.view("shard", shards[2]))).isNull();
                assertThat(c.data().view("v", shards[3]).indicesOf(c.data().view("w", shards[3]))).isNull();
                assertThat(c.data().indicesOf(c.data().view("v", shards[4]))).containsExactly(shards[4]);
            }
        }
    }

    @Test
    void oneModelUsedByTwoThreadsAtOnceGivesTheSameBits() throws Exception {
        Case c = cases(3, 203, 100).get(0);
        double[] w = weights(new SplittableRandom(4), 100);
        double[] expected = new double[101];
        double expectedLoss = c.reference().lossAndGradient(w, expected);
        Evaluation expectedEval = c.reference().evaluate(w);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                runs.add(pool.submit(() -> {
                    double[] g = new double[101];
                    boolean ok = true;
                    for (int i = 0; i < 300; i++) {
                        double loss = c.model().lossAndGradient(w, c.data(), g);
                        ok &= Double.doubleToRawLongBits(loss) == Double.doubleToRawLongBits(expectedLoss)
                                && java.util.Arrays.equals(g, expected)
                                && c.model().evaluate(w, c.data()).equals(expectedEval);
                    }
                    return ok;
                }));
            }
            for (Future<Boolean> f : runs) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logisticLossAndDerivativeInOneCallAreTheTwoFunctionsBitForBit() {
        LogisticRegression m = new LogisticRegression(1);
        List<Double> zs = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 1e-17,
                -1e-17, 0.5, -0.5, 1.0, -1.0, 36.7, -36.7, 709.0, -709.0, 710.0, -710.0, 746.0, -746.0, 1e300, -1e300,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 20_000; i++) {
            zs.add(rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-40, 12)));
        }
        double[] out = new double[2];
        for (double z : zs) {
            for (double y : new double[] {0, 1}) {
                for (double scale : new double[] {1.0, 1.0 / 32, 1.0 / 3}) {
                    double loss = m.lossAndScaledDerivative(z, y, scale, out, 1);
                    same(loss, m.lossAt(z, y), "loss at z=" + z + " y=" + y);
                    same(out[1], m.derivativeAt(z, y) * scale, "derivative at z=" + z + " y=" + y);
                }
            }
        }
    }

    @Test
    void refusesAGradientBufferThatIsTheParameterVector() {
        LogisticRegression m = new LogisticRegression(2);
        Dataset data = Dataset.dense("two", new double[] {1, 2, 3, 4}, 2, new double[] {0, 1}, 2);
        double[] w = new double[3];
        assertThat(assertThrows(IllegalArgumentException.class, () -> m.lossAndGradient(w, data, new int[] {0}, 1, w)))
                .hasMessage("gradOut must not be w: w is only read, gradOut is overwritten");
        assertThrows(IllegalArgumentException.class, () -> m.lossAndGradient(w, data, w));
    }
}
