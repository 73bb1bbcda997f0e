package io.dlsim.algorithms.model;


/**
 * Linear least-squares regression on real targets {@code y = data.target(i)} (on a
 * classification data set, the class index). Parameters: weights {@code w[0..d)} and the bias
 * {@code w[d]}; prediction {@code z = x . w[0..d) + w[d]}.
 *
 * <p>Per-example loss {@code l = (1/2) (z - y)^2}; gradient {@code (z - y) (x, 1)}. There is no
 * accuracy: {@link #evaluate} reports NaN.
 *
 * <p>Thread-safe (a spare scores buffer is taken and given back per call). Initial point: zero.
 * The loops are in {@link ScalarLinearModel}.
 */
public final class LeastSquares extends ScalarLinearModel {
    /** A model for d features. */
    public LeastSquares(int dimension) {
        super(dimension, 0);
    }

    @Override
    public String type() {
        return "least-squares";
    }

    @Override
    double lossAt(double z, double y) {
        double r = z - y;
        return 0.5 * r * r;
    }

    @Override
    double derivativeAt(double z, double y) {
        return z - y;
    }

    @Override
    double correctAt(double z, double y) {
        return Double.NaN;
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
