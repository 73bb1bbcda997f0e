package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The shared body of the linear models with one score per example,
 * {@code z = x . w[0..d) + w[d]}: the minibatch and full-data loops, evaluation, and the
 * parameter layout (weights, then the bias). A subclass gives the per-example loss
 * {@code l(z, y)}, its derivative {@code dl/dz}, and whether a prediction is correct; the
 * gradient is {@code dl/dz (x, 1)}.
 *
 * <p>Holds no scratch: stateless and thread-safe. Initial point: zero.
 */
abstract class ScalarLinearModel implements Model {
    protected final int dimension;
    private final int labelClasses;

    /** @param labelClasses the classes the data must have (0 for real targets) */
    ScalarLinearModel(int dimension, int labelClasses) {
        Checks.inputDimension(dimension);
        this.dimension = dimension;
        this.labelClasses = labelClasses;
    }

    /** Per-example loss at score z for target y. */
    abstract double lossAt(double z, double y);

    /** {@code dl/dz} at score z for target y. */
    abstract double derivativeAt(double z, double y);

    /** 1 if the prediction at score z is right for target y, 0 if not; NaN for regression. */
    abstract double correctAt(double z, double y);

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
        return labelClasses;
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

    private double score(double[] w, Dataset data, int row) {
        return data.dot(row, w, 0) + w[dimension];
    }

    private double accumulate(double[] w, Dataset data, int row, double scale, double[] grad) {
        double z = score(w, data, row);
        double y = data.target(row);
        double coefficient = derivativeAt(z, y) * scale;
        data.addScaledRow(row, coefficient, grad, 0);
        grad[dimension] += coefficient;
        return lossAt(z, y);
    }

    private void check(double[] w, Dataset data) {
        Checks.vector("w", w, parameterCount());
        Checks.data(data, dimension, labelClasses, type());
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
        double correct = 0;
        for (int i = 0; i < n; i++) {
            double z = score(w, data, i);
            double y = data.target(i);
            loss += lossAt(z, y);
            correct += correctAt(z, y);
        }
        return new Evaluation(loss / n, correct / n, n);
    }
}
