package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Binary logistic regression on classes {@code y in {0, 1}}. Parameters: weights
 * {@code w[0..d)} and the bias {@code w[d]}; score {@code z = x . w[0..d) + w[d]}.
 *
 * <p>Per-example loss (the negative log-likelihood, computed without overflow):
 * {@code l = log(1 + exp(z)) - y z = max(z, 0) + log1p(exp(-|z|)) - y z}; gradient
 * {@code (sigma(z) - y) (x, 1)} with {@code sigma(z) = 1 / (1 + exp(-z))} evaluated on the side
 * that does not overflow. Prediction: class 1 when {@code z > 0}, else 0.
 *
 * <p>Holds no scratch: stateless and thread-safe. Initial point: zero.
 */
public final class LogisticRegression implements Model {
    private final int dimension;

    /** A model for d features. */
    public LogisticRegression(int dimension) {
        Checks.inputDimension(dimension);
        this.dimension = dimension;
    }

    @Override
    public String type() {
        return "logistic";
    }

    @Override
    public int parameterCount() {
        return dimension + 1;
    }

    @Override
    public int inputDimension() {
        return dimension;
    }

    @Override
    public int numClasses() {
        return 2;
    }

    @Override
    public int[] biasIndices() {
        return new int[] {dimension};
    }

    @Override
    public void initialize(double[] w, SplittableRandom rng) {
        Checks.vector("w", w, parameterCount());
        Arrays.fill(w, 0.0);
    }

    /** {@code log(1 + exp(z))} without overflow. */
    static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** {@code 1 / (1 + exp(-z))} without overflow. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    private double score(double[] w, Dataset data, int row) {
        return data.dot(row, w, 0) + w[dimension];
    }

    private double accumulate(double[] w, Dataset data, int row, double scale, double[] grad) {
        double z = score(w, data, row);
        double y = data.target(row);
        double coefficient = (sigmoid(z) - y) * scale;
        data.addScaledRow(row, coefficient, grad, 0);
        grad[dimension] += coefficient;
        return softplus(z) - y * z;
    }

    private void check(double[] w, Dataset data) {
        Checks.vector("w", w, parameterCount());
        Checks.data(data, dimension, 2, type());
    }

    @Override
    public double lossAndGradient(double[] w, Dataset data, int[] batch, int batchSize, double[] gradOut) {
        check(w, data);
        Checks.batch(batch, batchSize);
        Checks.vector("gradOut", gradOut, parameterCount());
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
        Checks.vector("gradOut", gradOut, parameterCount());
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
            double z = score(w, data, i);
            int y = data.label(i);
            loss += softplus(z) - y * z;
            if ((z > 0 ? 1 : 0) == y) {
                correct++;
            }
        }
        return new Evaluation(loss / n, (double) correct / n, n);
    }

    @Override
    public LogisticRegression copy() {
        return new LogisticRegression(dimension);
    }

    @Override
    public String toString() {
        return "logistic regression (d=" + dimension + ")";
    }
}
