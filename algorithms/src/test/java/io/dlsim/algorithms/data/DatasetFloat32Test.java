package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.algorithms.model.Evaluation;
import io.dlsim.algorithms.model.LogisticRegression;
import io.dlsim.algorithms.model.Model;
import io.dlsim.algorithms.model.SoftmaxRegression;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Float32 feature storage ({@link Dataset#withPrecision}): every kernel gives, bit for bit, what a
 * one-row loop on the raw {@code float[]} features gives when each feature is widened to double
 * and the products are summed in double in feature order (the rule of the float64 kernels,
 * {@link DatasetKernelsTest}); so a float32 data set computes exactly what the float64 data set
 * of its rounded features computes, for compact data, views and grouped sets alike.
 */
class DatasetFloat32Test {
    private static final int[] DIMENSIONS = {1, 3, 7, 100, 101};

    /** Raw float features (the rounded wild doubles), the float32 data set made from the doubles, and the reference loops. */
    private record Raw(int n, int d, float[] x, double[] rounded, double[] y, Dataset data) {
        static Raw of(long seed, int n, int d) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[] wide = DatasetKernelsTest.wildVector(rng, n * d);
            float[] x = new float[wide.length];
            double[] rounded = new double[wide.length];
            for (int k = 0; k < wide.length; k++) {
                x[k] = (float) wide[k];
                rounded[k] = x[k];
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = rng.nextInt(2);
            }
            Dataset data = Dataset.dense("float32", wide, d, y, 2).withPrecision(Dataset.Precision.FLOAT32);
            return new Raw(n, d, x, rounded, y, data);
        }

        /** {@code s += (double) x[base + j] * w[offset + j]} from 0 in feature order. */
        double dot(int row, double[] w, int offset) {
            double s = 0;
            int base = row * d;
            for (int j = 0; j < d; j++) {
                s += (double) x[base + j] * w[offset + j];
            }
            return s;
        }

        void axpy(int row, double a, double[] g, int offset) {
            int base = row * d;
            for (int j = 0; j < d; j++) {
                g[offset + j] += a * (double) x[base + j];
            }
        }

        /** The float64 data set of the rounded features. */
        Dataset wide() {
            return Dataset.dense("rounded", rounded, d, y, 2);
        }
    }

    private static void assertSameBits(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(actual[i]) != Double.doubleToRawLongBits(expected[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + actual[i] + ", the one-row loop gives " + expected[i]);
            }
        }
    }

    @Test
    void minibatchDotsAndGradientRowsAreTheOneRowFloatLoopsBitForBit() {
        for (int d : DIMENSIONS) {
            Raw r = Raw.of(11 + d, 37, d);
            SplittableRandom rng = new SplittableRandom(d);
            int[] every = java.util.stream.IntStream.range(0, r.n()).toArray();
            Dataset view = r.data().view("every row", every);
            for (int count = 1; count <= 33; count++) {
                int[] rows = new int[count + 5];
                for (int k = 0; k < rows.length; k++) {
                    rows[k] = rng.nextInt(r.n());
                }
                double[] w = DatasetKernelsTest.wildVector(rng, d + 9);
                double[] a = DatasetKernelsTest.wildVector(rng, count + 3);
                double[] g0 = DatasetKernelsTest.wildVector(rng, d + 2);
                double[] dots = new double[count + 2];
                double[] grad = g0.clone();
                for (int k = 0; k < count; k++) {
                    dots[2 + k] = r.dot(rows[3 + k], w, 4);
                    r.axpy(rows[3 + k], a[k], grad, 2);
                }
                for (Dataset data : new Dataset[] {r.data(), view}) {
                    String what = data.name() + " d=" + d + " batch=" + count;
                    double[] out = new double[count + 2];
                    data.dots(rows, 3, count, w, 4, out, 2);
                    assertSameBits(out, dots, what + " dots");
                    assertThat(Double.doubleToRawLongBits(data.dot(rows[3], w, 4))).isEqualTo(Double.doubleToRawLongBits(dots[2]));
                    double[] g = g0.clone();
                    data.addScaledRows(rows, 3, count, a, 0, g, 2);
                    assertSameBits(g, grad, what + " gradient rows");
                }
            }
        }
    }

    @Test
    void passesAreTheOneRowFloatLoopsBitForBit() {
        for (int d : DIMENSIONS) {
            for (int n : new int[] {1, 5, 37, 203}) {
                Raw r = Raw.of(n * 1000L + d, n, d);
                SplittableRandom rng = new SplittableRandom(n + d);
                double[] w = DatasetKernelsTest.wildVector(rng, d);
                double[] a = DatasetKernelsTest.wildVector(rng, n);
                double[] g0 = DatasetKernelsTest.wildVector(rng, d);
                double[] expected = new double[n];
                double[] grad = g0.clone();
                for (int i = 0; i < n; i++) {
                    expected[i] = r.dot(i, w, 0);
                    r.axpy(i, a[i], grad, 0);
                }
                double[] out = new double[n];
                r.data().dotsOfRange(0, n, w, 0, out, 0);
                assertSameBits(out, expected, "compact d=" + d + " n=" + n);
                double[] g = g0.clone();
                r.data().addScaledRange(0, n, a, 0, g, 0);
                assertSameBits(g, grad, "gradient of the pass d=" + d + " n=" + n);
                // Grouped in reverse order (two groups): dotsOfAll reads the storage front to back, places by example.
                int[] back = new int[n];
                for (int i = 0; i < n; i++) {
                    back[i] = n - 1 - i;
                }
                Dataset grouped = r.data().grouped(new int[][] {java.util.Arrays.copyOfRange(back, 0, n / 2),
                        java.util.Arrays.copyOfRange(back, n / 2, n)});
                assertThat(grouped.precision()).isEqualTo(Dataset.Precision.FLOAT32);
                double[] all = new double[n];
                grouped.dotsOfAll(w, 0, all, 0);
                assertSameBits(all, expected, "grouped d=" + d + " n=" + n);
                double[] range = new double[n];
                grouped.dotsOfRange(0, n, w, 0, range, 0);
                assertSameBits(range, expected, "grouped range d=" + d + " n=" + n);
            }
        }
    }

    @Test
    void oneRowAgainstSeveralWeightVectorsAndItsCopyAreTheFloatRow() {
        for (int d : DIMENSIONS) {
            Raw r = Raw.of(41 + d, 9, d);
            SplittableRandom rng = new SplittableRandom(200 + d);
            for (int classes = 1; classes <= 11; classes++) {
                double[] w = DatasetKernelsTest.wildVector(rng, 3 + classes * d);
                for (int row = 0; row < r.n(); row++) {
                    double[] expected = new double[classes + 1];
                    for (int c = 0; c < classes; c++) {
                        expected[1 + c] = r.dot(row, w, 3 + c * d);
                    }
                    double[] actual = new double[classes + 1];
                    r.data().dotsOfRow(row, w, 3, d, classes, actual, 1);
                    assertSameBits(actual, expected, "d=" + d + " classes=" + classes + " row " + row);
                }
            }
            double[] copy = new double[d + 1];
            r.data().copyRow(4, copy, 1);
            assertSameBits(java.util.Arrays.copyOfRange(copy, 1, d + 1),
                    java.util.Arrays.copyOfRange(r.rounded(), 4 * d, 5 * d), "copyRow d=" + d);
        }
    }

    @Test
    void modelsOnFloat32DataComputeWhatTheyComputeOnTheRoundedDoubles() {
        int d = 100;
        Raw r = Raw.of(5, 517, d);
        Dataset wide = r.wide();
        SplittableRandom rng = new SplittableRandom(8);
        for (Model model : new Model[] {new LogisticRegression(d), new SoftmaxRegression(d, 2)}) {
            double[] w = new double[model.parameterCount()];
            for (int k = 0; k < w.length; k++) {
                w[k] = rng.nextDouble(-0.1, 0.1);
            }
            int[] batch = new int[32];
            for (int k = 0; k < batch.length; k++) {
                batch[k] = rng.nextInt(r.n());
            }
            double[] g32 = new double[w.length];
            double[] g64 = new double[w.length];
            assertThat(model.lossAndGradient(w, r.data(), batch, 32, g32)).isEqualTo(model.lossAndGradient(w, wide, batch, 32, g64));
            assertThat(g32).isEqualTo(g64);
            assertThat(model.lossAndGradient(w, r.data(), g32)).isEqualTo(model.lossAndGradient(w, wide, g64));
            assertThat(g32).isEqualTo(g64);
            Evaluation e32 = model.evaluate(w, r.data());
            assertThat(e32).isEqualTo(model.evaluate(w, wide));
        }
    }

    @Test
    void precisionIsKeptByViewsCopiesAndTransformsAndSparseDataIsRefused() {
        Raw r = Raw.of(3, 20, 7);
        Dataset f = r.data();
        assertThat(f.precision()).isEqualTo(Dataset.Precision.FLOAT32);
        assertThat(f.withPrecision(Dataset.Precision.FLOAT32)).isSameAs(f);
        assertThat(f.view("v", new int[] {3, 1}).precision()).isEqualTo(Dataset.Precision.FLOAT32);
        assertThat(f.subset("s", new int[] {3, 1}).precision()).isEqualTo(Dataset.Precision.FLOAT32);
        // Back to float64: the rounded features exactly, so the fingerprint of the rounded doubles.
        Dataset back = f.withPrecision(Dataset.Precision.FLOAT64);
        assertThat(back.precision()).isEqualTo(Dataset.Precision.FLOAT64);
        assertThat(back.fingerprint()).isEqualTo(r.wide().fingerprint());
        // The same features in another precision are other data to a cluster member comparing inputs.
        assertThat(f.fingerprint()).isNotEqualTo(back.fingerprint());
        assertThat(f.view("all", java.util.stream.IntStream.range(0, 20).toArray()).fingerprint()).isEqualTo(f.fingerprint());
        Dataset standardized = Standardizer.fit(f).apply(f);
        assertThat(standardized.precision()).isEqualTo(Dataset.Precision.FLOAT32);
        Dataset sparse = Dataset.sparse("sparse", new int[] {0, 1, 1}, new int[] {2}, new double[] {1.5}, 3,
                new double[] {0, 1}, 2);
        assertThat(sparse.withPrecision(Dataset.Precision.FLOAT64)).isSameAs(sparse);
        assertThat(assertThrows(IllegalArgumentException.class, () -> sparse.withPrecision(Dataset.Precision.FLOAT32)))
                .hasMessage("sparse is sparse (compressed rows): float32 storage is for dense features");
    }
}
