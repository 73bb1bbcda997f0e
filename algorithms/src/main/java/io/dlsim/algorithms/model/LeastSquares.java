package io.dlsim.algorithms.model;

import io.dlsim.algorithms.data.Dataset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Linear least-squares regression on real targets {@code y = data.target(i)} (on a
 * classification data set, the class index). Parameters: weights {@code w[0..d)} and the bias
 * {@code w[d]}; prediction {@code z = x . w[0..d) + w[d]}.
 *
 * <p>Per-example loss {@code l = (1/2) (z - y)^2}; gradient {@code (z - y) (x, 1)}. There is no
 * accuracy: {@link #evaluate} reports NaN.
 *
 * <p>Holds no scratch: stateless and thread-safe. Initial point: zero.
 */
public final class LeastSquares implements Model {
    private final int dimension;

    /** A model for d features. */
    public LeastSquares(int dimension) {
        Checks.inputDimension(dimension);
        this.dimension = dimension;
    }

    @Override
    public String type() {
        return "least-squares";
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
        return 0;
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

    private double residual(double[] w, Dataset data, int row) {
        return data.dot(row, w, 0) + w[dimension] - data.target(row);
    }

    private double accumulate(double[] w, Dataset data, int row, double scale, double[] grad) {
        double r = residual(w, data, row);
        double coefficient = r * scale;
        data.addScaledRow(row, coefficient, grad, 0);
        grad[dimension] += coefficient;
        return 0.5 * r * r;
    }

    private void check(double[] w, Dataset data) {
        Checks.vector("w", w, parameterCount());
        Checks.data(data, dimension, 0, type());
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
        check(w, data);
        Checks.nonEmpty(data);
        int n = data.size();
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double r = residual(w, data, i);
            loss += 0.5 * r * r;
        }
        return loss / n;
    }

    @Override
    public Evaluation evaluate(double[] w, Dataset data) {
        return new Evaluation(loss(w, data), Double.NaN, data.size());
    }

    @Override
    public LeastSquares copy() {
        return new LeastSquares(dimension);
    }

    @Override
    public String toString() {
        return "least squares (d=" + dimension + ")";
    }
}
