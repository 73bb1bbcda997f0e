package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded test data (the same matrix densely and sparsely) and a central-difference checker. */
final class Fixtures {
    private Fixtures() {
    }

    /** Features in [-1, 1] with about {@code zeros} of them exactly zero; row-major n x d. */
    static double[] features(SplittableRandom rng, int n, int d, double zeros) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < zeros ? 0.0 : rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** Class labels 0..k-1, or real targets in [-2, 2] when k == 0. */
    static double[] labels(SplittableRandom rng, int n, int k) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = k == 0 ? rng.nextDouble(-2, 2) : rng.nextInt(k);
        }
        return y;
    }

    /** The same data in compressed rows (zeros dropped). */
    static Dataset toSparse(String name, double[] x, int d, double[] y, int k) {
        int n = y.length;
        int[] start = new int[n + 1];
        List<Integer> idx = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                if (x[i * d + j] != 0) {
                    idx.add(j);
                    val.add(x[i * d + j]);
                }
            }
            start[i + 1] = idx.size();
        }
        return Dataset.sparse(name, start, idx.stream().mapToInt(Integer::intValue).toArray(),
                val.stream().mapToDouble(Double::doubleValue).toArray(), d, y, k);
    }

    /** {dense, sparse} versions of one random data set. */
    static Dataset[] pair(long seed, int n, int d, int k, double zeros) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = features(rng, n, d, zeros);
        double[] y = labels(rng, n, k);
        return new Dataset[] {Dataset.dense("dense", x, d, y, k), toSparse("sparse", x, d, y, k)};
    }

    static double[] randomVector(long seed, int len, double scale) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[len];
        for (int i = 0; i < len; i++) {
            w[i] = rng.nextDouble(-scale, scale);
        }
        return w;
    }

    interface Objective {
        double value(double[] w);
    }

    /** Central differences {@code (f(w + h e_i) - f(w - h e_i)) / 2h}. */
    static double[] numericGradient(Objective f, double[] w, double h) {
        double[] g = new double[w.length];
        double[] x = w.clone();
        for (int i = 0; i < w.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double plus = f.value(x);
            x[i] = keep - h;
            double minus = f.value(x);
            x[i] = keep;
            g[i] = (plus - minus) / (2 * h);
        }
        return g;
    }

    /** {@code ||a - b|| / (||a|| + ||b||)} (0 when both are zero). */
    static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double denominator = Math.sqrt(na) + Math.sqrt(nb);
        return denominator == 0 ? 0 : Math.sqrt(diff) / denominator;
    }
}
