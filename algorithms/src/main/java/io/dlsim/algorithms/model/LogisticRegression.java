package io.dlsim.algorithms.model;


/**
 * Binary logistic regression on classes {@code y in {0, 1}}. Parameters: weights
 * {@code w[0..d)} and the bias {@code w[d]}; score {@code z = x . w[0..d) + w[d]}.
 *
 * <p>Per-example loss (the negative log-likelihood, computed without overflow):
 * {@code l = log(1 + exp(z)) - y z = max(z, 0) + log1p(exp(-|z|)) - y z}; gradient
 * {@code (sigma(z) - y) (x, 1)} with {@code sigma(z) = 1 / (1 + exp(-z))} evaluated on the side
 * that does not overflow. Prediction: class 1 when {@code z > 0}, else 0.
 *
 * <p>Thread-safe (a spare scores buffer is taken and given back per call). Initial point: zero.
 * The loops are in {@link ScalarLinearModel}.
 */
public final class LogisticRegression extends ScalarLinearModel {
    /** A model for d features. */
    public LogisticRegression(int dimension) {
        super(dimension, 2);
    }

    @Override
    public String type() {
        return "logistic";
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

    @Override
    double lossAt(double z, double y) {
        return softplus(z) - y * z;
    }

    @Override
    double derivativeAt(double z, double y) {
        return sigmoid(z) - y;
    }

    /**
     * One exponential instead of two: {@code e = exp(z >= 0 ? -z : z)} is sigmoid's, and it is
     * softplus's {@code exp(-|z|)} for every z but the zeros (sigmoid takes exp(+0) at z = -0,
     * softplus exp(-0)) and NaN, which take the two functions. The same bits as
     * {@link #lossAt} and {@link #derivativeAt}.
     */
    @Override
    double lossAndScaledDerivative(double z, double y, double scale, double[] out, int k) {
        if (z == 0 || Double.isNaN(z)) {
            return super.lossAndScaledDerivative(z, y, scale, out, k);
        }
        double e = Math.exp(z >= 0 ? -z : z);
        double sigma = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        out[k] = (sigma - y) * scale;
        return Math.max(z, 0.0) + Math.log1p(e) - y * z;
    }

    @Override
    double correctAt(double z, double y) {
        return (z > 0 ? 1 : 0) == y ? 1 : 0;
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
