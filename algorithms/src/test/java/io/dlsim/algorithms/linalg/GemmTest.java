package io.dlsim.algorithms.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GemmTest {
    private static double[] random(SplittableRandom rng, int len, double zeroFraction) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = rng.nextDouble() < zeroFraction ? 0.0 : rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** Naive reference: A(i,p) and B(p,j) through index functions. */
    private static double[] reference(String op, int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
            double[] c0, int cOff) {
        double[] c = c0.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double aip = op.charAt(0) == 'n' ? a[aOff + i * k + p] : a[aOff + p * m + i];
                    double bpj = op.charAt(1) == 'n' ? b[bOff + p * n + j] : b[bOff + j * k + p];
                    s += aip * bpj;
                }
                c[cOff + i * n + j] += s;
            }
        }
        return c;
    }

    private static void run(MatMul mm, String op, int m, int n, int k, double[] a, int aOff, double[] b, int bOff,
            double[] c, int cOff, boolean acc) {
        switch (op) {
            case "nn" -> mm.nn(m, n, k, a, aOff, b, bOff, c, cOff, acc);
            case "tn" -> mm.tn(m, n, k, a, aOff, b, bOff, c, cOff, acc);
            case "nt" -> mm.nt(m, n, k, a, aOff, b, bOff, c, cOff, acc);
            default -> throw new IllegalArgumentException(op);
        }
    }

    @ParameterizedTest
    @CsvSource({"nn,1,1,1", "nn,7,5,3", "nn,9,13,11", "tn,7,5,3", "tn,9,13,11", "tn,3,4,9", "nt,7,5,3",
        "nt,9,13,11", "nn,33,17,29", "tn,33,17,29", "nt,33,17,29"})
    void javaAndNd4jMatchTheNaiveProductWithOffsetsAndAccumulation(String op, int m, int n, int k) {
        SplittableRandom rng = new SplittableRandom(m * 1000L + n * 10L + k);
        int aOff = 3;
        int bOff = 5;
        int cOff = 2;
        double[] a = random(rng, aOff + m * k + 4, 0.3);
        double[] b = random(rng, bOff + k * n + 4, 0.0);
        double[] c = random(rng, cOff + m * n + 4, 0.0);
        for (MatMul mm : new MatMul[] {MatMul.javaOnly(), MatMul.nd4jOnly()}) {
            for (boolean acc : new boolean[] {false, true}) {
                double[] start = c.clone();
                if (!acc) {
                    Arrays.fill(start, cOff, cOff + m * n, 0.0);
                }
                double[] expected = reference(op, m, n, k, a, aOff, b, bOff, start, cOff);
                double[] got = c.clone();
                run(mm, op, m, n, k, a, aOff, b, bOff, got, cOff, acc);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("%s acc=%s nd4j=%s entry %d", op, acc, mm.threshold() == 0, i)
                            .isCloseTo(expected[i], within(1e-12));
                }
                // entries outside the C slice are untouched
                for (int i = 0; i < cOff; i++) {
                    assertThat(got[i]).isEqualTo(c[i]);
                }
            }
        }
    }

    @Test
    void bothBackendsAreBitDeterministic() {
        SplittableRandom rng = new SplittableRandom(7);
        int m = 64;
        int n = 96;
        int k = 200;
        double[] a = random(rng, m * k, 0.5);
        double[] b = random(rng, k * n, 0.0);
        for (MatMul mm : new MatMul[] {MatMul.javaOnly(), MatMul.nd4jOnly()}) {
            for (String op : new String[] {"nn", "nt"}) {
                double[] bb = op.equals("nt") ? random(new SplittableRandom(9), n * k, 0) : b;
                double[] c1 = new double[m * n];
                double[] c2 = new double[m * n];
                run(mm, op, m, n, k, a, 0, bb, 0, c1, 0, false);
                run(mm.copy(), op, m, n, k, a, 0, bb, 0, c2, 0, false);
                run(mm, op, m, n, k, a, 0, bb, 0, c2, 0, false);
                assertThat(c2).isEqualTo(c1);
            }
        }
    }

    @Test
    void thresholdSelectsTheBackendByMultiplyAdds() {
        MatMul mm = new MatMul(1000);
        assertThat(mm.usesNd4j(10, 10, 9)).isFalse();
        assertThat(mm.usesNd4j(10, 10, 10)).isTrue();
        assertThat(MatMul.javaOnly().usesNd4j(100_000, 100_000, 100_000)).isFalse();
        assertThat(MatMul.withDefaultThreshold().threshold()).isEqualTo(MatMul.DEFAULT_THRESHOLD);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MatMul(-1));
        assertThat(e).hasMessage("gemm threshold: must be >= 0, got -1");
    }
}
