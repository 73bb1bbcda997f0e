package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Multinomial logistic (softmax) regression on classes {@code 0..k-1}. Parameters, class by
 * class: the weights of class c at {@code w[c d .. (c+1) d)}, then the k biases at
 * {@code w[k d + c]}; scores {@code z_c = x . w_c + b_c}.
 *
 * <p>Per-example loss (cross-entropy, by a log-sum-exp shifted by the largest score so that
 * nothing overflows): {@code l = log sum_c exp(z_c) - z_y = m + log sum_c exp(z_c - m) - z_y},
 * {@code m = max_c z_c}; gradient of class c: {@code (p_c - [c = y]) (x, 1)} with
 * {@code p_c = exp(z_c - m) / sum_c' exp(z_c' - m)}. Prediction: the arg max of the scores
 * (lowest class on ties).
 *
 * <p>Owns a k-entry scratch buffer: <b>not thread-safe</b>; give every thread its own
 * {@link #copy()}. Initial point: zero.
 */
public final class SoftmaxRegression implements Model {
    private final int dimension;
    private final int classes;
    private final int parameterCount;
    private final double[] scores;

    /** A model for d features and k >= 2 classes. */
    public SoftmaxRegression(int dimension, int classes) {
        Checks.inputDimension(dimension);
        Checks.classes(classes);
        this.dimension = dimension;
        this.classes = classes;
        this.parameterCount = Checks.parameterCount((long) classes * (dimension + 1L), "softmax regression");
        this.scores = new double[classes];
    }

    @Override
    public String type() {
        return "softmax";
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public int inputDimension() {
        return dimension;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int[] biasIndices() {
        int[] b = new int[classes];
        for (int c = 0; c < classes; c++) {
            b[c] = classes * dimension + c;
        }
        return b;
    }

    @Override
    public void initialize(double[] w, SplittableRandom rng) {
        Checks.vector("w", w, parameterCount);
        Arrays.fill(w, 0.0);
    }

    /** Fills {@link #scores} with z and returns the largest score. */
    private double scores(double[] w, Dataset data, int row) {
        int biasBase = classes * dimension;
        double max = Double.NEGATIVE_INFINITY;
        // The k dot products of the row side by side (each summed as Dataset.dot sums it).
        data.dotsOfRow(row, w, 0, dimension, classes, scores, 0);
        for (int c = 0; c < classes; c++) {
            double z = scores[c] + w[biasBase + c];
            scores[c] = z;
            if (z > max) {
                max = z;
            }
        }
        return max;
    }

    private double accumulate(double[] w, Dataset data, int row, double scale, double[] grad) {
        double max = scores(w, data, row);
        int y = data.label(row);
        double zy = scores[y];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            double e = Math.exp(scores[c] - max);
            scores[c] = e;
            sum += e;
        }
        int biasBase = classes * dimension;
        for (int c = 0; c < classes; c++) {
            double coefficient = (scores[c] / sum - (c == y ? 1.0 : 0.0)) * scale;
            data.addScaledRow(row, coefficient, grad, c * dimension);
            grad[biasBase + c] += coefficient;
        }
        return max + Math.log(sum) - zy;
    }

    private void check(double[] w, Dataset data) {
        Checks.vector("w", w, parameterCount);
        Checks.data(data, dimension, classes, type());
    }

    @Override
    public double lossAndGradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        check(w, data);
        Checks.batch(batch, batchSize);
        Checks.vector("gradOut", gradOut, parameterCount);
        Arrays.fill(gradOut, 0.0);
        double scale = 1.0 / batchSize;
        double loss = 0;
        for (int b = 0; b < batchSize; b++) {
            loss += accumulate(w, data, batch[b], scale, gradOut);
        }
        return loss / batchSize;
    }

    @Override
    public double lossAndGradient(double[] w, Dataset data, double[] gradOut) {
        check(w, data);
        Checks.nonEmpty(data);
        Checks.vector("gradOut", gradOut, parameterCount);
        Arrays.fill(gradOut, 0.0);
        int n = data.size();
        double scale = 1.0 / n;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            loss += accumulate(w, data, i, scale, gradOut);
        }
        return loss / n;
    }

    @Override
    public double loss(double[] w, Dataset data) {
        return evaluate(w, data).loss();
    }

    @Override
    public Evaluation evaluate(double[] w, Dataset data) {
        check(w, data);
        Checks.nonEmpty(data);
        int n = data.size();
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double max = scores(w, data, i);
            int argmax = 0;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                if (scores[c] > scores[argmax]) {
                    argmax = c;
                }
                sum += Math.exp(scores[c] - max);
            }
            int y = data.label(i);
            loss += max + Math.log(sum) - scores[y];
            if (argmax == y) {
                correct++;
            }
        }
        return new Evaluation(loss / n, (double) correct / n, n);
    }

    @Override
    public SoftmaxRegression copy() {
        return new SoftmaxRegression(dimension, classes);
    }

    @Override
    public String toString() {
        return "softmax regression (d=" + dimension + ", k=" + classes + ")";
    }
}
