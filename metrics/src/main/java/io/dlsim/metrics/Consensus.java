package io.dlsim.metrics;

import java.util.List;

/**
 * Consensus maths over the nodes' parameter vectors x_1..x_n (DESIGN.md section 3):
 * the average {@code x̄ = (1/n) sum_i x_i} and the consensus distance
 * {@code (1/n) sum_i ||x_i - x̄||^2}. Sums run in ascending node id order, so every engine
 * gets the same bits.
 */
public final class Consensus {
    private Consensus() {
    }

    /** {@code x̄ = (1/n) sum_i x_i}, summed in ascending node order. */
    public static double[] average(List<double[]> xs) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("no node vectors to average");
        }
        int d = xs.get(0).length;
        double[] mean = new double[d];
        for (double[] x : xs) {
            if (x.length != d) {
                throw new IllegalArgumentException("node vectors differ in length: " + x.length + " vs " + d);
            }
            for (int c = 0; c < d; c++) {
                mean[c] += x[c];
            }
        }
        double inv = 1.0 / xs.size();
        for (int c = 0; c < d; c++) {
            mean[c] *= inv;
        }
        return mean;
    }

    /** {@code (1/n) sum_i ||x_i - mean||^2}. */
    public static double distance(List<double[]> xs, double[] mean) {
        double total = 0;
        for (double[] x : xs) {
            double s = 0;
            for (int c = 0; c < mean.length; c++) {
                double diff = x[c] - mean[c];
                s += diff * diff;
            }
            total += s;
        }
        return total / xs.size();
    }
}
