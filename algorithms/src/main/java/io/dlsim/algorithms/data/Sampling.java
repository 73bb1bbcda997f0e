package io.dlsim.algorithms.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Random draws shared by the splitters, partitioners and generators; all take the stream to use. */
final class Sampling {
    private Sampling() {
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rng);
        return p;
    }

    /** A uniform draw in (0, 1]. */
    static double openUniform(SplittableRandom rng) {
        return 1.0 - rng.nextDouble();
    }

    /**
     * The logarithm of a Gamma(shape, 1) draw (Marsaglia and Tsang 2000; for shape below 1 the
     * boost {@code G(a) = G(a + 1) U^(1/a)}). In log space so that tiny shapes do not underflow.
     */
    static double logGamma(double shape, SplittableRandom rng) {
        if (shape < 1) {
            return logGamma(shape + 1, rng) + Math.log(openUniform(rng)) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = openUniform(rng);
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return Math.log(d * v);
            }
        }
    }

    /** A draw from the symmetric Dirichlet distribution Dir(alpha, ..., alpha) on {@code n} parts. */
    static double[] dirichlet(int n, double alpha, SplittableRandom rng) {
        double[] logs = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logs[i] = logGamma(alpha, rng);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logs[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * Whole counts summing to {@code total} in proportion to the weights {@code p} (non-negative,
     * not all zero): the floors of {@code total * p_i / sum(p)}, plus one for the largest
     * remainders (ties to the lower index).
     */
    static int[] apportion(double[] p, int total) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        int n = p.length;
        int[] counts = new int[n];
        double[] remainder = new double[n];
        long assigned = 0;
        for (int i = 0; i < n; i++) {
            double exact = total * (p[i] / sum);
            counts[i] = (int) Math.floor(exact);
            remainder[i] = exact - counts[i];
            assigned += counts[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b]
                ? Double.compare(remainder[b], remainder[a]) : Integer.compare(a, b));
        for (int k = 0; assigned < total; k = (k + 1) % n) {
            counts[order[k]]++;
            assigned++;
        }
        for (int k = n - 1; assigned > total; k = (k + n - 1) % n) { // only after rounding error
            if (counts[order[k]] > 0) {
                counts[order[k]]--;
                assigned--;
            }
        }
        return counts;
    }

    /** {@code 1/(1 + e^-z)}, computed without overflow. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
