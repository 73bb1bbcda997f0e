package io.dlsim.algorithms.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The many-row kernels ({@code dots}, {@code dotsOfRange}, {@code addScaledRows},
 * {@code addScaledRange}) and views give, bit for bit ({@link Double#doubleToRawLongBits}), what
 * the straightforward one-row loops below give: the loops {@code Dataset.dot} and
 * {@code addScaledRow} were before the kernels, written here on the raw arrays the data set was
 * built from, so they do not depend on the code under test.
 */
class DatasetKernelsTest {
    private static final int[] DIMENSIONS = {1, 3, 7, 100, 101};

    /** Raw features of one random data set, and the dense and sparse data sets built from them. */
    private record Raw(int n, int d, double[] x, double[] y, int[] start, int[] index, double[] value, Dataset dense,
            Dataset sparse) {
        /** Reference: {@code s += x[base + j] * w[offset + j]} from 0 in feature order (the old dense dot). */
        double denseDot(int row, double[] w, int offset) {
            double s = 0;
            int base = row * d;
            for (int j = 0; j < d; j++) {
                s += x[base + j] * w[offset + j];
            }
            return s;
        }

        /** Reference: the old sparse dot over the stored entries of the row, in order. */
        double sparseDot(int row, double[] w, int offset) {
            double s = 0;
            for (int k = start[row]; k < start[row + 1]; k++) {
                s += value[k] * w[offset + index[k]];
            }
            return s;
        }

        /** Reference: the old dense axpy {@code g[offset + j] += a * x[base + j]}. */
        void denseAxpy(int row, double a, double[] g, int offset) {
            int base = row * d;
            for (int j = 0; j < d; j++) {
                g[offset + j] += a * x[base + j];
            }
        }

        void sparseAxpy(int row, double a, double[] g, int offset) {
            for (int k = start[row]; k < start[row + 1]; k++) {
                g[offset + index[k]] += a * value[k];
            }
        }
    }

    /**
     * Features over many binary orders of magnitude, of both signs, with exact zeros and
     * negative zeros, so that any change of summation order shows in the bits.
     */
    static double wild(SplittableRandom rng) {
        double u = rng.nextDouble();
        if (u < 0.15) {
            return 0.0;
        }
        if (u < 0.2) {
            return -0.0;
        }
        return rng.nextDouble(-1, 1) * Math.scalb(1.0, rng.nextInt(-30, 31));
    }

    static double[] wildVector(SplittableRandom rng, int length) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = wild(rng);
        }
        return v;
    }

    private static Raw raw(long seed, int n, int d) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = wildVector(rng, n * d);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(2);
        }
        int[] start = new int[n + 1];
        List<Integer> idx = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                // Keep the negative zeros as stored entries; drop the positive ones.
                if (Double.doubleToRawLongBits(x[i * d + j]) != 0L) {
                    idx.add(j);
                    val.add(x[i * d + j]);
                }
            }
            start[i + 1] = idx.size();
        }
        int[] index = idx.stream().mapToInt(Integer::intValue).toArray();
        double[] value = val.stream().mapToDouble(Double::doubleValue).toArray();
        return new Raw(n, d, x, y, start, index, value, Dataset.dense("dense", x, d, y, 2),
                Dataset.sparse("sparse", start, index, value, d, y, 2));
    }

    private static int[] randomRows(SplittableRandom rng, int count, int n) {
        int[] rows = new int[count];
        for (int k = 0; k < count; k++) {
            rows[k] = rng.nextInt(n);
        }
        return rows;
    }

    private static void assertSameBits(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToRawLongBits(actual[i]) != Double.doubleToRawLongBits(expected[i])) {
                throw new AssertionError(what + ": entry " + i + " is " + actual[i] + ", the one-row loop gives "
                        + expected[i]);
            }
        }
    }

    @Test
    void dotsOfAMinibatchAreTheOneRowDotsBitForBit() {
        for (int d : DIMENSIONS) {
            Raw r = raw(11 + d, 37, d);
            SplittableRandom rng = new SplittableRandom(d);
            for (int count = 1; count <= 33; count++) {
                // Rows with repeats, at an offset into the index array; w at an offset; out at an offset.
                int[] rows = randomRows(rng, count + 5, r.n());
                double[] w = wildVector(rng, d + 9);
                for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
                    double[] expected = new double[count + 2];
                    double[] actual = new double[count + 2];
                    for (int k = 0; k < count; k++) {
                        expected[2 + k] = data.isSparse() ? r.sparseDot(rows[3 + k], w, 4) : r.denseDot(rows[3 + k], w, 4);
                    }
                    data.dots(rows, 3, count, w, 4, actual, 2);
                    assertSameBits(actual, expected, data.name() + " d=" + d + " batch=" + count);
                    for (int k = 0; k < count; k++) {
                        assertThat(Double.doubleToRawLongBits(data.dot(rows[3 + k], w, 4)))
                                .isEqualTo(Double.doubleToRawLongBits(expected[2 + k]));
                    }
                }
            }
        }
    }

    @Test
    void dotsOfARangeAreTheOneRowDotsBitForBit() {
        for (int d : DIMENSIONS) {
            for (int n : new int[] {1, 5, 37, 203}) {
                Raw r = raw(n * 1000L + d, n, d);
                double[] w = wildVector(new SplittableRandom(n + d), d);
                for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
                    for (int first : new int[] {0, n / 3}) {
                        int count = n - first;
                        double[] expected = new double[count];
                        for (int k = 0; k < count; k++) {
                            expected[k] = data.isSparse() ? r.sparseDot(first + k, w, 0) : r.denseDot(first + k, w, 0);
                        }
                        double[] actual = new double[count];
                        data.dotsOfRange(first, count, w, 0, actual, 0);
                        assertSameBits(actual, expected, data.name() + " d=" + d + " rows " + first + ".." + n);
                    }
                }
            }
        }
    }

    @Test
    void dotsOfOneRowWithSeveralWeightVectorsAreTheOneRowDotsBitForBit() {
        for (int d : DIMENSIONS) {
            Raw r = raw(41 + d, 9, d);
            SplittableRandom rng = new SplittableRandom(200 + d);
            for (int classes = 1; classes <= 11; classes++) {
                double[] w = wildVector(rng, 3 + classes * d);
                for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
                    for (int row = 0; row < r.n(); row++) {
                        double[] expected = new double[classes + 1];
                        for (int c = 0; c < classes; c++) {
                            int offset = 3 + c * d;
                            expected[1 + c] = data.isSparse() ? r.sparseDot(row, w, offset) : r.denseDot(row, w, offset);
                        }
                        double[] actual = new double[classes + 1];
                        data.dotsOfRow(row, w, 3, d, classes, actual, 1);
                        assertSameBits(actual, expected, data.name() + " d=" + d + " classes=" + classes + " row " + row);
                    }
                }
            }
        }
    }

    @Test
    void addScaledRowsIsTheOneRowAxpyInBatchOrderBitForBit() {
        for (int d : DIMENSIONS) {
            Raw r = raw(31 + d, 37, d);
            SplittableRandom rng = new SplittableRandom(100 + d);
            for (int count = 1; count <= 33; count++) {
                int[] rows = randomRows(rng, count + 1, r.n());
                double[] a = wildVector(rng, count + 3);
                double[] g0 = wildVector(rng, d + 2);
                for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
                    double[] expected = g0.clone();
                    for (int k = 0; k < count; k++) {
                        if (data.isSparse()) {
                            r.sparseAxpy(rows[1 + k], a[3 + k], expected, 2);
                        } else {
                            r.denseAxpy(rows[1 + k], a[3 + k], expected, 2);
                        }
                    }
                    double[] actual = g0.clone();
                    data.addScaledRows(rows, 1, count, a, 3, actual, 2);
                    assertSameBits(actual, expected, data.name() + " d=" + d + " batch=" + count);
                }
            }
        }
    }

    @Test
    void minibatchesWithRunsOfConsecutiveRowsAreTheOneRowLoopsBitForBit() {
        // Runs of adjacent storage rows take the one-by-one axpy, other groups the fused one.
        int[] rows = {5, 6, 7, 8, 9, 3, 4, 5, 6, 0, 1, 2, 3, 30, 31, 32, 33, 34, 35, 36, 2, 2, 2, 2, 10};
        for (int d : DIMENSIONS) {
            Raw r = raw(55 + d, 37, d);
            SplittableRandom rng = new SplittableRandom(7 + d);
            double[] w = wildVector(rng, d);
            double[] a = wildVector(rng, rows.length);
            Dataset view = r.dense().view("every row", java.util.stream.IntStream.range(0, 37).toArray());
            for (Dataset data : new Dataset[] {r.dense(), view}) {
                double[] expected = new double[d];
                double[] dots = new double[rows.length];
                for (int k = 0; k < rows.length; k++) {
                    r.denseAxpy(rows[k], a[k], expected, 0);
                    dots[k] = r.denseDot(rows[k], w, 0);
                }
                double[] actual = new double[d];
                data.addScaledRows(rows, 0, rows.length, a, 0, actual, 0);
                assertSameBits(actual, expected, "gradient d=" + d);
                double[] out = new double[rows.length];
                data.dots(rows, 0, rows.length, w, 0, out, 0);
                assertSameBits(out, dots, "dots d=" + d);
            }
        }
    }

    @Test
    void addScaledRangeIsTheOneRowAxpyInRowOrderBitForBit() {
        for (int d : DIMENSIONS) {
            for (int n : new int[] {1, 5, 37, 203}) {
                Raw r = raw(n * 7L + d, n, d);
                SplittableRandom rng = new SplittableRandom(n + 3L * d);
                double[] a = wildVector(rng, n);
                double[] g0 = wildVector(rng, d);
                for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
                    double[] expected = g0.clone();
                    for (int i = 0; i < n; i++) {
                        if (data.isSparse()) {
                            r.sparseAxpy(i, a[i], expected, 0);
                        } else {
                            r.denseAxpy(i, a[i], expected, 0);
                        }
                    }
                    double[] actual = g0.clone();
                    data.addScaledRange(0, n, a, 0, actual, 0);
                    assertSameBits(actual, expected, data.name() + " d=" + d + " n=" + n);
                }
            }
        }
    }

    @Test
    void theDataIsWildEnoughThatAnotherSummationOrderWouldShow() {
        // Without this, agreeing bits could mean the test data hides reordering.
        Raw r = raw(5, 37, 101);
        double[] w = wildVector(new SplittableRandom(6), 101);
        int differ = 0;
        for (int i = 0; i < r.n(); i++) {
            double forward = r.denseDot(i, w, 0);
            double backward = 0;
            for (int j = r.d() - 1; j >= 0; j--) {
                backward += r.x()[i * r.d() + j] * w[j];
            }
            differ += Double.doubleToRawLongBits(forward) != Double.doubleToRawLongBits(backward) ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(r.n() / 2);
    }

    @Test
    void aViewComputesWhatItsCompactCopyComputes() {
        for (int d : DIMENSIONS) {
            Raw r = raw(77 + d, 203, d);
            SplittableRandom rng = new SplittableRandom(d * 13L);
            int[] pick = randomRows(rng, 61, r.n());
            int[] again = randomRows(rng, 29, pick.length);
            for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
                Dataset view = data.view("view", pick);
                Dataset copy = data.subset("copy", pick);
                // A view of a view maps straight into the storage.
                Dataset viewOfView = view.view("view of view", again);
                Dataset copyOfCopy = copy.subset("copy of copy", again);
                for (Dataset[] pair : new Dataset[][] {{view, copy}, {viewOfView, copyOfCopy}}) {
                    Dataset v = pair[0];
                    Dataset c = pair[1];
                    assertThat(v.size()).isEqualTo(c.size());
                    assertThat(v.isSparse()).isEqualTo(data.isSparse());
                    assertThat(v.fingerprint()).isEqualTo(c.fingerprint());
                    assertThat(v.classCounts()).isEqualTo(c.classCounts());
                    assertThat(v.columnMoments()).isDeepEqualTo(c.columnMoments());
                    double[] w = wildVector(rng, d);
                    double[] dv = new double[v.size()];
                    double[] dc = new double[c.size()];
                    v.dotsOfRange(0, v.size(), w, 0, dv, 0);
                    c.dotsOfRange(0, c.size(), w, 0, dc, 0);
                    assertSameBits(dv, dc, "dots of a view of " + data.name() + " d=" + d);
                    double[] a = wildVector(rng, v.size());
                    double[] gv = new double[d];
                    double[] gc = new double[d];
                    v.addScaledRange(0, v.size(), a, 0, gv, 0);
                    c.addScaledRange(0, c.size(), a, 0, gc, 0);
                    assertSameBits(gv, gc, "gradient of a view of " + data.name() + " d=" + d);
                    double[] rowV = new double[d];
                    double[] rowC = new double[d];
                    for (int i = 0; i < v.size(); i++) {
                        assertThat(v.target(i)).isEqualTo(c.target(i));
                        v.copyRow(i, rowV, 0);
                        c.copyRow(i, rowC, 0);
                        assertSameBits(rowV, rowC, "row " + i);
                    }
                    double[] shift = wildVector(rng, d);
                    double[] factor = wildVector(rng, d);
                    assertThat(v.transformColumns("t", shift, factor).fingerprint())
                            .isEqualTo(c.transformColumns("t", shift, factor).fingerprint());
                }
            }
        }
    }

    @Test
    void aViewOfEveryRowInOrderHasTheFingerprintOfTheDataSet() {
        Raw r = raw(3, 40, 7);
        int[] all = new int[40];
        Arrays.setAll(all, i -> i);
        for (Dataset data : new Dataset[] {r.dense(), r.sparse()}) {
            assertThat(data.view("all", all).fingerprint()).isEqualTo(data.fingerprint());
            assertThat(data.subset("all", all).fingerprint()).isEqualTo(data.fingerprint());
        }
    }

    @Test
    void aViewSharesTheFeaturesAndCopiesItsIndices() {
        Raw r = raw(9, 10, 3);
        int[] pick = {4, 1, 1};
        Dataset view = r.dense().view("v", pick);
        pick[0] = 0;
        double[] row = new double[3];
        view.copyRow(0, row, 0);
        assertThat(row).containsExactly(Arrays.copyOfRange(r.x(), 12, 15));
        assertThat(view.name()).isEqualTo("v");
        assertThrows(IndexOutOfBoundsException.class, () -> r.dense().view("bad", new int[] {10}));
        assertThrows(IndexOutOfBoundsException.class, () -> r.dense().view("bad", new int[] {-1}));
        assertThrows(IndexOutOfBoundsException.class, () -> view.dotsOfRange(1, 3, new double[3], 0, new double[3], 0));
    }

    @Test
    void aGroupedDataSetComputesWhatTheLoadedOneComputes() {
        for (int d : DIMENSIONS) {
            Raw r = raw(500 + d, 203, d);
            Dataset data = r.dense();
            SplittableRandom rng = new SplittableRandom(d * 31L);
            int[] order = io.dlsim.algorithms.data.Sampling.permutation(r.n(), rng);
            // Uneven groups in a shuffled order, as an IID partition gives them.
            int[][] groups = {Arrays.copyOfRange(order, 0, 50), Arrays.copyOfRange(order, 50, 51),
                    Arrays.copyOfRange(order, 51, 140), Arrays.copyOfRange(order, 140, 203)};
            for (int[] g : groups) {
                Arrays.sort(g);
            }
            Dataset grouped = data.grouped(groups);
            assertThat(grouped.isGrouped()).isTrue();
            assertThat(data.isGrouped()).isFalse();
            assertThat(grouped.fingerprint()).isEqualTo(data.fingerprint());
            double[] w = wildVector(rng, d);
            double[] expected = new double[r.n()];
            for (int i = 0; i < r.n(); i++) {
                expected[i] = r.denseDot(i, w, 0);
            }
            double[] all = new double[r.n() + 3];
            grouped.dotsOfAll(w, 0, all, 3);
            assertSameBits(Arrays.copyOfRange(all, 3, all.length), expected, "dotsOfAll of a grouped set d=" + d);
            double[] loaded = new double[r.n()];
            data.dotsOfAll(w, 0, loaded, 0);
            assertSameBits(loaded, expected, "dotsOfAll of the loaded set d=" + d);
            double[] ranged = new double[r.n()];
            grouped.dotsOfRange(0, r.n(), w, 0, ranged, 0);
            assertSameBits(ranged, expected, "dotsOfRange of a grouped set d=" + d);
            for (int[] g : groups) {
                Dataset shardOfGrouped = grouped.view("shard", g);
                Dataset shardOfLoaded = data.view("shard", g);
                assertThat(shardOfGrouped.fingerprint()).isEqualTo(shardOfLoaded.fingerprint());
                double[] a = wildVector(rng, g.length);
                double[] gGrouped = new double[d];
                double[] gLoaded = new double[d];
                shardOfGrouped.addScaledRange(0, g.length, a, 0, gGrouped, 0);
                shardOfLoaded.addScaledRange(0, g.length, a, 0, gLoaded, 0);
                assertSameBits(gGrouped, gLoaded, "gradient of a shard d=" + d);
                int[] batch = randomRows(rng, 32, g.length);
                double[] sGrouped = new double[32];
                double[] sLoaded = new double[32];
                shardOfGrouped.dots(batch, 0, 32, w, 0, sGrouped, 0);
                shardOfLoaded.dots(batch, 0, 32, w, 0, sLoaded, 0);
                assertSameBits(sGrouped, sLoaded, "minibatch scores of a shard d=" + d);
            }
        }
        Raw r = raw(1, 10, 3);
        assertThat(r.sparse().grouped(new int[][] {{1, 2}})).isSameAs(r.sparse());
        assertThrows(IllegalArgumentException.class, () -> r.dense().grouped(new int[][] {{0, 1, 2}, {2, 3, 4, 5, 6, 7, 8, 9}}));
        assertThrows(IllegalArgumentException.class, () -> r.dense().grouped(new int[][] {{0, 1, 2}}));
        assertThrows(IndexOutOfBoundsException.class, () -> r.dense().grouped(new int[][] {{10}}));
    }
}
