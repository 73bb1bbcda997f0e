package io.dlsim.algorithms.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dlsim.topologies.settings.InvalidSettingsException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompressionTest {
    private static double[] gaussian(int d, SplittableRandom r) {
        double[] v = new double[d];
        for (int c = 0; c < d; c++) {
            v[c] = r.nextGaussian() * (1 + c % 7);
        }
        return v;
    }

    private static double sq(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    private static double sqDistance(double[] a, double[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            s += (a[c] - b[c]) * (a[c] - b[c]);
        }
        return s;
    }

    private static long nonZeros(double[] v) {
        return Arrays.stream(v).filter(x -> x != 0).count();
    }

    @Test
    void topKKeepsExactlyTheLargestEntriesTiesToTheLowerIndex() {
        double[] v = {0.5, -3, 2, 0, -2, 1, 3};
        double[] out = new double[v.length];
        new Compression.TopK(3, null).create(v.length, null).compress(v, out);
        // |v| ranks: -3 (1), 3 (6), then 2 (2) and -2 (4) tie: the lower index wins.
        assertThat(out).containsExactly(0, -3, 2, 0, 0, 0, 3);

        SplittableRandom r = new SplittableRandom(1);
        for (int trial = 0; trial < 50; trial++) {
            int d = 1 + r.nextInt(300);
            int k = 1 + r.nextInt(d);
            double[] x = gaussian(d, r);
            double[] q = new double[d];
            Compressor top = new Compression.TopK(k, null).create(d, null);
            top.compress(x, q);
            double[] sorted = Arrays.stream(x).map(Math::abs).sorted().toArray();
            double kth = sorted[d - k];
            assertThat(nonZeros(q)).isEqualTo(k);
            for (int c = 0; c < d; c++) {
                assertThat(q[c] == 0 || q[c] == x[c]).isTrue();
                if (Math.abs(x[c]) > kth) {
                    assertThat(q[c]).isEqualTo(x[c]);
                }
            }
            assertThat(sqDistance(q, x)).isLessThanOrEqualTo((1 - (double) k / d) * sq(x) + 1e-12);
            assertThat(top.messageBytes()).isEqualTo(12L * k);
        }
    }

    @Test
    void fractionGivesCeilOfFractionTimesDimension() {
        assertThat(Compressors.Sparsity.count(null, 0.01, 650)).isEqualTo(7);
        assertThat(Compressors.Sparsity.count(null, 0.1, 1000)).isEqualTo(100);
        assertThat(Compressors.Sparsity.count(null, 0.001, 10)).isEqualTo(1);
        assertThat(Compressors.Sparsity.count(null, 1.0, 10)).isEqualTo(10);
        assertThat(Compressors.Sparsity.count(20, null, 10)).isEqualTo(10);
        assertThat(new Compression.TopK(null, 0.01).create(650, null).messageBytes()).isEqualTo(7 * 12);
    }

    @Test
    void randomKKeepsKEntriesUnscaledUniformlyAndReproducibly() {
        int d = 20;
        int k = 5;
        double[] v = new double[d];
        Arrays.fill(v, 1.0);
        Compressor a = new Compression.RandomK(k, null).create(d, new SplittableRandom(7));
        Compressor b = new Compression.RandomK(null, 0.25).create(d, new SplittableRandom(7));
        double[] qa = new double[d];
        double[] qb = new double[d];
        long[] hits = new long[d];
        int draws = 40_000;
        for (int t = 0; t < draws; t++) {
            a.compress(v, qa);
            b.compress(v, qb);
            assertThat(qb).isEqualTo(qa);
            assertThat(nonZeros(qa)).isEqualTo(k);
            for (int c = 0; c < d; c++) {
                assertThat(qa[c]).isIn(0.0, 1.0);
                hits[c] += qa[c] != 0 ? 1 : 0;
            }
        }
        // Each entry is kept with probability k/d = 0.25: 10,000 of 40,000, sd ~87.
        for (long h : hits) {
            assertThat((double) h).isCloseTo(draws * 0.25, org.assertj.core.data.Offset.offset(500.0));
        }
        assertThat(a.messageBytes()).isEqualTo(5 * 12);
    }

    @Test
    void unscaledQsgdIsUnbiasedOnItsLevelsAndTheScaledOneIsAContraction() {
        SplittableRandom r = new SplittableRandom(3);
        int d = 50;
        int s = 4;
        double[] v = gaussian(d, r);
        double norm = Math.sqrt(sq(v));
        Compressor unscaled = new Compression.Qsgd(s, false).create(d, new SplittableRandom(5));
        double[] q = new double[d];
        double[] mean = new double[d];
        int draws = 20_000;
        for (int t = 0; t < draws; t++) {
            unscaled.compress(v, q);
            for (int c = 0; c < d; c++) {
                double level = Math.abs(q[c]) * s / norm;
                assertThat(Math.abs(level - Math.rint(level))).isLessThan(1e-9);
                assertThat(Math.rint(level)).isBetween(0.0, (double) s);
                assertThat(q[c] == 0 || Math.signum(q[c]) == Math.signum(v[c])).isTrue();
                mean[c] += q[c] / draws;
            }
        }
        for (int c = 0; c < d; c++) {
            // The rounding error of one draw is at most norm / s; its mean over 20,000 draws is within ~4 sd.
            assertThat(mean[c]).isCloseTo(v[c], org.assertj.core.data.Offset.offset(4 * norm / s / Math.sqrt(draws)));
        }
        for (int dim : new int[] {10, 100, 650}) {
            double tau = Compression.Qsgd.tau(dim, s);
            Compressor scaled = new Compression.Qsgd(s, null).create(dim, new SplittableRandom(dim));
            double err = 0;
            double size = 0;
            for (int t = 0; t < 2000; t++) {
                double[] x = gaussian(dim, r);
                double[] out = new double[dim];
                scaled.compress(x, out);
                err += sqDistance(out, x);
                size += sq(x);
            }
            // E||Q/(1+tau) - x||^2 <= (1 - 1/(1+tau)) ||x||^2 (Koloskova et al.); strictly below 1.
            assertThat(err / size).isLessThanOrEqualTo(1 - 1 / (1 + tau) + 0.01).isLessThan(1);
        }
        assertThat(Compression.Qsgd.levelBits(4)).isEqualTo(3);
        assertThat(Compression.Qsgd.levelBits(3)).isEqualTo(2);
        assertThat(Compression.Qsgd.levelBits(1)).isEqualTo(1);
        // d = 650, s = 4: 8 bytes of norm + 650 x (1 sign + 3 level bits) = 2600 bits = 325 bytes.
        assertThat(new Compression.Qsgd(4, null).create(650, new SplittableRandom(1)).messageBytes()).isEqualTo(333);
        assertThat(new Compression.Qsgd(1, null).create(3, new SplittableRandom(1)).messageBytes()).isEqualTo(9);
    }

    @Test
    void signWithErrorFeedbackTransmitsTheSumOfItsInputsUpToABoundedResidual() {
        double[] v = {1, -2, 0, 3};
        double[] out = new double[4];
        Compressor sign = new Compression.Sign().create(4, null);
        sign.compress(v, out);
        assertThat(out).containsExactly(1.5, -1.5, 1.5, 1.5);
        assertThat(sign.messageBytes()).isEqualTo(8 + 1);
        assertThat(new Compression.Sign().create(650, null).messageBytes()).isEqualTo(8 + 82);

        SplittableRandom r = new SplittableRandom(9);
        int d = 30;
        ErrorFeedback ef = new ErrorFeedback(new Compression.Sign().create(d, null), d);
        double[] inputs = new double[d];
        double[] sent = new double[d];
        double[] q = new double[d];
        double maxResidual = 0;
        for (int t = 0; t < 5000; t++) {
            double[] a = gaussian(d, r);
            ef.compress(a, q);
            for (int c = 0; c < d; c++) {
                inputs[c] += a[c];
                sent[c] += q[c];
            }
            // sum q = sum a - e, exactly up to rounding.
            for (int c = 0; c < d; c++) {
                assertThat(sent[c] + ef.residual()[c]).isCloseTo(inputs[c], org.assertj.core.data.Offset.offset(1e-8 * (1 + t)));
            }
            maxResidual = Math.max(maxResidual, Math.sqrt(sq(ef.residual())));
        }
        // The residual stays bounded while the sums grow like sqrt(t) * ||a|| ~ 70 x 22.
        assertThat(maxResidual).isLessThan(200);
        // Without feedback the transmitted sum drifts away from the inputs' sum.
        double[] plain = new double[d];
        double[] in = new double[d];
        Compressor s = new Compression.Sign().create(d, null);
        SplittableRandom r2 = new SplittableRandom(9);
        for (int t = 0; t < 5000; t++) {
            double[] a = gaussian(d, r2);
            s.compress(a, q);
            for (int c = 0; c < d; c++) {
                plain[c] += q[c];
                in[c] += a[c];
            }
        }
        assertThat(Math.sqrt(sqDistance(plain, in))).isGreaterThan(5 * maxResidual);
    }

    @Test
    void noneIsTheIdentityInRawDoubles() {
        double[] v = {1, -2, 3};
        double[] out = new double[3];
        Compressor none = Compression.none().create(3, null);
        none.compress(v, out);
        assertThat(out).containsExactly(v);
        assertThat(none.messageBytes()).isEqualTo(24);
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.TopK(0, null)).getMessage()).contains("k: must be >= 1, got 0");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.RandomK(null, 1.5)).getMessage())
                .contains("fraction: must be in (0, 1], got 1.5");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.TopK(null, 0.0)).getMessage())
                .contains("fraction: must be in (0, 1], got 0");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.TopK(null, null)).getMessage()).contains("k: is required");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.TopK(3, 0.1)).getMessage()).contains("not both");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.Qsgd(0, null)).getMessage()).contains("levels: must be >= 1, got 0");
        assertThat(assertThrows(InvalidSettingsException.class, () -> new Compression.Qsgd(null, null)).getMessage()).contains("levels: is required");
    }
}
