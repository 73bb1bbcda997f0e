package io.dlsim.algorithms.data;

import java.util.Arrays;

/**
 * Per-feature standardization, fitted on training data and applied unchanged to any data set
 * of the same dimension (fit on the train split only, so the test set does not leak into it).
 *
 * <p>{@link #fit} records each feature's mean and population standard deviation over the
 * examples (for sparse data, the implicit zeros count). {@link #apply} maps dense features to
 * {@code (x - mean) / std}, so on the fitted data every feature has mean 0 and variance 1; for
 * sparse data it only divides by {@code std}, which keeps zeros at zero (centering would make the
 * data dense). A constant feature (std 0) is treated as having std 1. Labels are unchanged.
 * Immutable.
 */
public final class Standardizer {
    private final double[] mean;
    private final double[] std;

    private Standardizer(double[] mean, double[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** The means and standard deviations of the features of {@code train}. */
    public static Standardizer fit(Dataset train) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("standardize: " + train.name() + " has no examples to fit on");
        }
        double[][] moments = train.columnMoments();
        double[] std = new double[train.dimension()];
        for (int j = 0; j < std.length; j++) {
            double s = Math.sqrt(moments[1][j]);
            std[j] = s > 1e-12 * Math.max(1, Math.abs(moments[0][j])) ? s : 1;
        }
        return new Standardizer(moments[0], std);
    }

    public int dimension() {
        return mean.length;
    }

    /** The fitted feature means. */
    public double[] mean() {
        return mean.clone();
    }

    /** The fitted feature standard deviations (1 for constant features). */
    public double[] std() {
        return std.clone();
    }

    /** {@code data} standardized with the fitted statistics; named {@code <name>/standardized}. */
    public Dataset apply(Dataset data) {
        if (data.dimension() != mean.length) {
            throw new IllegalArgumentException("standardize: fitted on " + mean.length + " features, "
                    + data.name() + " has " + data.dimension());
        }
        double[] factor = new double[std.length];
        for (int j = 0; j < std.length; j++) {
            factor[j] = 1 / std[j];
        }
        return data.transformColumns(data.name() + "/standardized", mean, factor);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features, mean " + Arrays.toString(Arrays.copyOf(mean,
                Math.min(3, mean.length))) + (mean.length > 3 ? "..." : "") + "]";
    }
}
